import type { InteractionKind, InteractionRecord } from '../domain/catalog.js';
import type { DemoItem } from './demo-item.js';
import type { ClientTier, DemoClient } from './clients.js';
import type { Random } from './random.js';
import { groupScore, tasteGroupDefinitions, type Membership } from './taste-groups.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo covers two years of history before the reference date. */
export const HISTORY_DAYS = 730;

/** December gifting, the September launches, a quiet August: luxury's year. */
const monthWeight = [0.9, 0.8, 0.9, 0.9, 1, 1, 0.8, 0.65, 1.15, 1.1, 1.2, 1.5];
const journeysPerTier: Readonly<Record<ClientTier, readonly [number, number]>> = {
  Prospect: [2, 6],
  Client: [5, 12],
  VIP: [10, 20],
  VVIP: [16, 30],
};

/** How a client's visit to an item unfolds, from a glance to a purchase. */
const outcomes = [
  'view',
  'view+wishlist',
  'view+try-on',
  'try-on+purchase',
  'view+purchase',
  'wishlist+purchase',
  'purchase',
] as const;
type Outcome = (typeof outcomes)[number];
const outcomeOdds: Readonly<Record<ClientTier, readonly number[]>> = {
  Prospect: [50, 16, 14, 8, 4, 3, 5],
  Client: [40, 14, 15, 13, 7, 4, 7],
  VIP: [30, 12, 16, 18, 9, 5, 10],
  VVIP: [24, 10, 16, 22, 10, 6, 12],
};

/** What usually follows a purchase in the same client's story: the sequence signal. */
const follows: Readonly<Record<string, readonly string[]>> = {
  Bags: ['Small leather goods', 'Belts', 'Scarves'],
  Jackets: ['Trousers', 'Shirts', 'Knitwear'],
  Suits: ['Shirts', 'Brogues', 'Loafers'],
  Dresses: ['Pumps', 'Sandals', 'Earrings'],
  Coats: ['Scarves', 'Knitwear', 'Gloves'],
  Outerwear: ['Knitwear', 'Eyewear', 'Sneakers'],
  Rings: ['Earrings', 'Necklaces', 'Bracelets'],
  Necklaces: ['Earrings', 'Rings'],
  Earrings: ['Necklaces', 'Rings'],
  Chronographs: ['Dress watches', 'Sports watches'],
  'Dress watches': ['Chronographs', 'Bracelets'],
  'Sports watches': ['Chronographs', 'Eyewear'],
  'Eau de parfum': ['Home', 'Extrait de parfum'],
};

const boutiqueChannels = ['boutique', 'boutique', 'boutique', 'boutique', 'event'];

export interface ClientHistoryContext {
  readonly client: DemoClient;
  readonly membership: Membership;
}

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
function onSaleCount(list: readonly DemoItem[], t: number): number {
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
function drawAmongFirst(
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

function atBoutiqueHours(day: number, utcOffset: number, random: Random): number {
  const midnight = Math.floor(day / DAY) * DAY;
  const localMinutes = 10 * 60 + random.int(9 * 60);
  return midnight + localMinutes * 60_000 - utcOffset * HOUR + random.int(60) * 1000;
}

/** A visit in the boutique at least `minDays` after `after`, within opening hours. */
function nextVisit(
  after: number,
  minDays: number,
  maxDays: number,
  utcOffset: number,
  random: Random,
): number {
  let t = atBoutiqueHours(after + random.between(minDays, maxDays) * DAY, utcOffset, random);
  while (t <= after) t += DAY;
  return t;
}

function journeyTimes(count: number, start: number, end: number, random: Random): number[] {
  const times: number[] = [];
  const maxWeight = Math.max(...monthWeight);
  while (times.length < count) {
    const t = start + random.next() * (end - start);
    if (random.next() * maxWeight < monthWeight[new Date(t).getUTCMonth()]!)
      times.push(Math.floor(t / 1000) * 1000);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Two years of one client's history: journeys drawn mostly from the items of their taste groups (weighted by
 * how many of the group's features an item has and by its popularity), the rest from the bestsellers, some
 * led by what they bought last; never an item with a feature held out for them.
 */
export function clientHistory(
  { client, membership }: ClientHistoryContext,
  catalog: CatalogIndex,
  reference: number,
  random: Random,
): InteractionRecord[] {
  const heldOut = membership.heldOut;
  const allowed = (list: readonly DemoItem[]): readonly DemoItem[] =>
    heldOut.length === 0 ? list : list.filter((item) => !heldOut.some((f) => item.features.includes(f)));
  const own = [membership.main, ...(membership.second === null ? [] : [membership.second])];
  const affinity = (item: DemoItem): number => {
    const scores = catalog.scores.get(item)!;
    return Math.max(...own.map((g) => scores[g]!));
  };
  const everything = allowed(catalog.all);
  const pools = new Map(own.map((g) => [g, allowed(catalog.pools[g]!)]));
  const start = Math.max(client.since, reference - HISTORY_DAYS * DAY + HOUR);
  const end = reference - HOUR;
  const [minJourneys, maxJourneys] = journeysPerTier[client.tier];
  const times = journeyTimes(random.between(minJourneys, maxJourneys), start, end, random);
  const clientId = client.record.externalId;
  const offset = client.store.utcOffset;

  const records: InteractionRecord[] = [];
  const owned = new Set<string>();
  let lastPurchase: DemoItem | null = null;
  const add = (item: DemoItem, kind: InteractionKind, at: number, channel: string, quantity = 1): boolean => {
    if (at > end || at < start) return false;
    const price = item.record.priceMinor ?? 0;
    const money = kind === 'purchase' ? price * quantity : kind === 'return' ? -price * quantity : null;
    records.push({
      clientExternalId: clientId,
      itemExternalId: item.record.externalId,
      kind,
      quantity,
      amountMinor: money,
      currency: money === null ? null : (item.record.currency ?? 'EUR'),
      occurredAt: new Date(at).toISOString(),
      channel,
    });
    return true;
  };

  const chooseItem = (t: number): DemoItem | null => {
    const sequel = lastPurchase ? follows[lastPurchase.line] : undefined;
    if (sequel && random.chance(0.3)) {
      const next = allowed(sequel.flatMap((line) => catalog.byLine.get(line) ?? [])).filter(
        (i) => i.launchedAt <= t,
      );
      if (next.length > 0) return random.weighted(next, (item) => (affinity(item) + 0.2) * item.popularity);
    }
    if (random.chance(membership.focus)) {
      const group = membership.second !== null && random.chance(0.3) ? membership.second : membership.main;
      const pool = pools.get(group)!;
      const chosen = drawAmongFirst(
        random,
        pool,
        onSaleCount(pool, t),
        (item) => catalog.scores.get(item)![group]! ** 2 * item.popularity,
      );
      if (chosen) return chosen;
    }
    return drawAmongFirst(random, everything, onSaleCount(everything, t), (item) => item.popularity);
  };

  const purchase = (item: DemoItem, at: number, channel: string): void => {
    const quantity = item.consumable && random.chance(0.15) ? 2 : 1;
    if (!add(item, 'purchase', at, channel, quantity)) return;
    owned.add(item.record.externalId);
    lastPurchase = item;
    const returnOdds = channel === 'online' ? 0.14 : 0.05;
    if (!item.consumable && random.chance(returnOdds)) {
      const back = nextVisit(at, 3, 21, offset, random);
      if (add(item, 'return', back, channel === 'online' ? 'online' : 'boutique', quantity))
        owned.delete(item.record.externalId);
    } else if (item.consumable && random.chance(0.4)) {
      // A fragrance runs out: the same bottle again, months later.
      add(
        item,
        'purchase',
        at + random.between(120, 300) * DAY,
        random.pick(['online', 'boutique', 'messaging']),
      );
    }
  };

  for (const t of times) {
    const item = chooseItem(t);
    if (!item) continue;
    let outcome: Outcome = random.weighted(outcomes, (_, i) => outcomeOdds[client.tier][i]!);
    if (owned.has(item.record.externalId) && !item.consumable) outcome = 'view';
    const online = random.pick(['online', 'online', 'app', 'boutique']);
    const viewAt = online === 'boutique' ? atBoutiqueHours(t, offset, random) : t;
    switch (outcome) {
      case 'view':
        add(item, 'view', viewAt, online);
        break;
      case 'view+wishlist':
        if (add(item, 'view', viewAt, online))
          add(
            item,
            'wishlist',
            viewAt + random.between(1, 40) * 60_000,
            online === 'boutique' ? 'app' : online,
          );
        break;
      case 'view+try-on':
        if (add(item, 'view', viewAt, online))
          add(item, 'try-on', nextVisit(viewAt, 1, 10, offset, random), random.pick(boutiqueChannels));
        break;
      case 'try-on+purchase': {
        const visit = atBoutiqueHours(t, offset, random);
        const channel = random.pick(boutiqueChannels);
        if (add(item, 'try-on', visit, channel))
          purchase(item, visit + random.between(15, 70) * 60_000, channel);
        break;
      }
      case 'view+purchase':
        if (add(item, 'view', viewAt, online))
          purchase(
            item,
            viewAt + random.between(0, 3) * DAY + random.between(5, 300) * 60_000,
            random.pick(['online', 'phone', 'messaging']),
          );
        break;
      case 'wishlist+purchase':
        if (add(item, 'wishlist', viewAt, online === 'boutique' ? 'app' : online))
          purchase(
            item,
            nextVisit(viewAt, 3, 60, offset, random),
            random.pick(['boutique', 'boutique', 'online', 'phone']),
          );
        break;
      case 'purchase':
        purchase(
          item,
          atBoutiqueHours(t, offset, random),
          random.pick(['boutique', 'boutique', 'phone', 'messaging']),
        );
        break;
      default:
        outcome satisfies never;
    }
  }
  return records;
}
