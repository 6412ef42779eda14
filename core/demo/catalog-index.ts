import type { DemoItem } from './demo-item.js';
import type { Random } from './random.js';
import { groupScore, tasteGroupDefinitions } from './taste-groups.js';

/** The catalogue arranged for drawing: every list ordered by launch, so "on sale at t" is a prefix. */
export interface CatalogIndex {
  readonly all: readonly DemoItem[];
  readonly pools: readonly (readonly DemoItem[])[];
  readonly byLine: ReadonlyMap<string, readonly DemoItem[]>;
  /** item -> how many features of each planted group it has. */
  readonly scores: ReadonlyMap<DemoItem, readonly number[]>;
}

const byLaunch = (list: readonly DemoItem[]): DemoItem[] =>
  list
    .map((item, order) => ({ item, order }))
    .sort((a, b) => a.item.launchedAt - b.item.launchedAt || a.order - b.order)
    .map((e) => e.item);

export function indexCatalog(
  items: readonly DemoItem[],
  pools: readonly (readonly DemoItem[])[],
): CatalogIndex {
  const all = byLaunch(items);
  const byLine = new Map<string, DemoItem[]>();
  for (const item of all) {
    const line = byLine.get(item.line);
    if (line) line.push(item);
    else byLine.set(item.line, [item]);
  }
  const scores = new Map(items.map((item) => [item, tasteGroupDefinitions.map((g) => groupScore(item, g))]));
  return { all, pools: pools.map(byLaunch), byLine, scores };
}

/** How many items of a launch-ordered list are on sale at t. */
export function onSaleCount(list: readonly DemoItem[], t: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.launchedAt <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A weighted draw among the first n items, without copying them. */
export function drawAmongFirst(
  random: Random,
  list: readonly DemoItem[],
  n: number,
  weight: (item: DemoItem) => number,
): DemoItem | null {
  let total = 0;
  for (let i = 0; i < n; i++) total += weight(list[i]!);
  if (!(total > 0)) return null;
  let r = random.next() * total;
  for (let i = 0; i < n; i++) {
    r -= weight(list[i]!);
    if (r < 0) return list[i]!;
  }
  return list[n - 1]!;
}
