import { TopK, type Accumulator } from './sparse.js';

/**
 * Full-catalog ranking from sparse scores: an item's total is its accumulated score plus
 * `popularWeight x popularity share`. Items no source touched score popularity alone and so rank in
 * `popularOrder`, which lets both functions scan the touched items plus the head of that order instead of the
 * whole catalog. Ties go to the higher `itemKey` (popularity, then a fixed hash; never an id's value).
 */
export interface PopularityOrder {
  readonly popularityShare: Float32Array;
  readonly itemKey: Float32Array;
  /** Items by itemKey, highest first. */
  readonly popularOrder: Uint32Array;
}

/** The n best items not flagged in `mask`, best first. */
export function topItems(
  scores: Accumulator,
  popularWeight: number,
  order: PopularityOrder,
  mask: Uint8Array,
  n: number,
  touchedOnly = false,
): { items: Uint32Array; scores: Float32Array } {
  const { popularityShare: share, itemKey, popularOrder } = order;
  const top = new TopK(n, itemKey);
  const values = scores.values;
  for (let k = 0; k < scores.count; k++) {
    const i = scores.touched[k]!;
    const s = values[i]! + popularWeight * share[i]!;
    // Below a full heap's worst kept score nothing can enter, not even on a tie: skip the call.
    if (mask[i] === 0 && (top.size < n || s >= top.scores[0]!)) top.offer(i, s);
  }
  if (!touchedOnly) {
    let taken = 0;
    for (let r = 0; r < popularOrder.length && taken < n; r++) {
      const i = popularOrder[r]!;
      if (mask[i] !== 0 || scores.seen[i] !== 0) continue;
      top.offer(i, popularWeight * share[i]!);
      taken++;
    }
  }
  const { slots, scores: best } = top.drain();
  return { items: slots, scores: best };
}

/** How many items not flagged in `mask` rank above `target` (0 = first), counting at most `cap`. */
export function rankOfTarget(
  scores: Accumulator,
  popularWeight: number,
  order: PopularityOrder,
  mask: Uint8Array,
  target: number,
  cap = Number.MAX_SAFE_INTEGER,
): number {
  const { popularityShare: share, itemKey: keys, popularOrder } = order;
  const values = scores.values;
  const wp = popularWeight;
  const t = values[target]! + wp * share[target]!;
  const tKey = keys[target]!;
  let rank = 0;
  for (let k = 0; k < scores.count && rank < cap; k++) {
    const i = scores.touched[k]!;
    if (mask[i] === 1 || i === target) continue;
    const s = values[i]! + wp * share[i]!;
    if (s > t || (s === t && keys[i]! > tKey)) rank++;
  }
  for (let r = 0; r < popularOrder.length && rank < cap; r++) {
    const i = popularOrder[r]!;
    const s = wp * share[i]!;
    if (!(s > t || (s === t && keys[i]! > tKey))) break;
    if (mask[i] === 1 || i === target || scores.seen[i] !== 0) continue;
    rank++;
  }
  return Math.min(rank, cap);
}
