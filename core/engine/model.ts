import type { EngineInput, EngineParams } from './types.js';
import { hashKeys, type Csr } from './sparse.js';
import type { ItemSpace } from './profiles.js';
import type { Transitions } from './sequence.js';

/** Everything a finished (or in-progress) run knows; the scorer and the result read it. */
export interface EngineModel {
  readonly input: EngineInput;
  readonly params: EngineParams;
  readonly space: ItemSpace;
  /** Signed strength per event. */
  readonly strengths: Float32Array;
  /** Positive items per profiled client, in time order (values: event time). */
  readonly histories: Csr;
  /** client x feature, unit rows (empty for clients who refused profiling). */
  readonly explicit: Csr;
  /** client x client top-k similarities. */
  readonly graph: Csr;
  /** client x feature group vectors, unit rows (latest round). */
  group: Csr;
  readonly transitions: Transitions;
  /** Positive events per item (profiled clients). */
  readonly popularity: Float32Array;
  /** popularity / max popularity. */
  readonly popularityShare: Float32Array;
  /** Tie-break key per item: popularity first, then a fixed hash (never the id's value). */
  readonly itemKey: Float32Array;
  /** Items by itemKey, highest first: the order untouched items rank in. */
  readonly popularOrder: Uint32Array;
  /** client x item, each client's fused top candidates of the latest round (max 1), or null before round 0. */
  candidates: Csr | null;
  /** Per item, 1 when owned items of this kind may be recommended again. */
  readonly rebuyable: Uint8Array;
  /** The items of each variant group, or null when no item has variants. */
  readonly variants: VariantIndex | null;
}

/** Variant groups as the inner loops read them: each item's group, each group's items. */
export interface VariantIndex {
  /** Per item, its group code, or -1. */
  readonly groupOf: Int32Array;
  /** Group g's items are members[offsets[g] .. offsets[g+1]). */
  readonly offsets: Uint32Array;
  readonly members: Uint32Array;
}

/** The variant index of an input, or null when it has no variant groups. */
export function variantIndex(input: EngineInput): VariantIndex | null {
  const groupOf = input.variantGroup;
  if (groupOf === undefined) return null;
  let groups = 0;
  for (let i = 0; i < groupOf.length; i++) groups = Math.max(groups, groupOf[i]! + 1);
  if (groups === 0) return null;
  const offsets = new Uint32Array(groups + 1);
  for (let i = 0; i < groupOf.length; i++) if (groupOf[i]! >= 0) offsets[groupOf[i]! + 1]!++;
  for (let g = 0; g < groups; g++) offsets[g + 1]! += offsets[g]!;
  const fill = offsets.slice(0, groups);
  const members = new Uint32Array(offsets[groups]!);
  for (let i = 0; i < groupOf.length; i++) if (groupOf[i]! >= 0) members[fill[groupOf[i]!]!++] = i;
  return { groupOf, offsets, members };
}

const purchaseCode = 0; // engineKinds[0]
const returnCode = 1; // engineKinds[1]
const dayMs = 86_400_000;

/**
 * Flags the items a client may not be offered. A returned piece, always. A piece she owns (bought and not
 * returned, in a category that is not re-buyable), with every other variant of its group: the same piece in
 * another colour is not a new idea. And a piece she bought within `params.recentPurchaseDays`, with its group,
 * even when she returned it or its category is re-buyable: the fragrance she bought last month, or the
 * other colour of the bag she took back last week, can wait. Viewed, tried-on or wished-for pieces stay
 * recommendable: they are what a sales associate follows up on.
 */
export function markOwned(model: EngineModel, client: number, mask: Uint8Array, value: 0 | 1): void {
  const { input, rebuyable, variants } = model;
  const from = input.eventOffsets[client]!;
  const to = input.eventOffsets[client + 1]!;
  const recentFrom = input.now - model.params.recentPurchaseDays * dayMs;
  const returned = returnedNet(input, from, to);
  for (let e = from; e < to; e++) {
    const kind = input.eventKind[e]!;
    const item = input.eventItem[e]!;
    if (kind === returnCode) mask[item] = value;
    if (kind !== purchaseCode) continue;
    const owned = rebuyable[item] !== 1 && (returned?.get(item) ?? 1) > 0;
    const recent = model.params.recentPurchaseDays > 0 && input.eventTime[e]! >= recentFrom;
    if (!owned && !recent) continue;
    const group = variants?.groupOf[item] ?? -1;
    if (group < 0) mask[item] = value;
    else
      for (let k = variants!.offsets[group]!; k < variants!.offsets[group + 1]!; k++)
        mask[variants!.members[k]!] = value;
  }
}

/**
 * For the items a client returned, the quantity she bought minus the quantity she returned (so > 0: she still
 * owns one); null when she returned nothing (most clients: no map built).
 */
function returnedNet(input: EngineModel['input'], from: number, to: number): Map<number, number> | null {
  let net: Map<number, number> | null = null;
  for (let e = from; e < to; e++)
    if (input.eventKind[e] === returnCode) {
      net ??= new Map();
      net.set(input.eventItem[e]!, 0);
    }
  if (net === null) return null;
  for (let e = from; e < to; e++) {
    const kind = input.eventKind[e]!;
    const item = input.eventItem[e]!;
    const sum = net.get(item);
    if (sum === undefined || (kind !== purchaseCode && kind !== returnCode)) continue;
    // A quantity of 0 or less (unknown) still counts as one piece.
    const quantity = Math.max(1, input.eventWeight[e]!);
    net.set(item, sum + (kind === purchaseCode ? quantity : -quantity));
  }
  return net;
}

/**
 * Keeps the first item of each variant group in a ranked list (best first), at most `n`; items without a
 * group all stay. Returns how many were kept, written to the front of `items` and `scores`.
 */
export function onePerVariantGroup(
  variants: VariantIndex,
  items: Uint32Array,
  scores: Float32Array,
  n: number,
): number {
  const seen = new Set<number>();
  let kept = 0;
  for (let r = 0; r < items.length && kept < n; r++) {
    const group = variants.groupOf[items[r]!]!;
    if (group >= 0) {
      if (seen.has(group)) continue;
      seen.add(group);
    }
    items[kept] = items[r]!;
    scores[kept] = scores[r]!;
    kept++;
  }
  return kept;
}

/** The popularity share, the tie-break keys and the popular order of a model, from its popularity per item. */
export function popularityRanking(
  popularity: Float32Array,
): Pick<EngineModel, 'popularityShare' | 'itemKey' | 'popularOrder'> {
  let maxPop = 0;
  for (let i = 0; i < popularity.length; i++) maxPop = Math.max(maxPop, popularity[i]!);
  const hash = hashKeys(popularity.length);
  const itemKey = popularity.map((p, i) => p + hash[i]!);
  return {
    popularityShare: popularity.map((p) => (maxPop > 0 ? p / maxPop : 0)),
    itemKey,
    popularOrder: Uint32Array.from({ length: popularity.length }, (_, i) => i).sort(
      (a, b) => itemKey[b]! - itemKey[a]!,
    ),
  };
}
