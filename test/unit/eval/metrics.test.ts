import { describe, expect, it } from 'vitest';
import { metricsFromRanks } from '../../../core/eval/metrics.js';
import { cachedMetrics, roundZeroFromCache, tuneBlend, type SourceCache } from '../../../core/eval/tune.js';
import type { BlendWeights } from '../../../core/engine/types.js';

describe('HR and NDCG from target ranks', () => {
  it('match the definitions on a tiny ranking', () => {
    // Ranks are 0-based: 0 is a hit at position 1.
    const m = metricsFromRanks([0, 1, 4, 5, 9, 10]);
    expect(m.users).toBe(6);
    expect(m['HR@5']).toBe(3 / 6);
    expect(m['HR@10']).toBe(5 / 6);
    expect(m['NDCG@5']).toBeCloseTo((1 + 1 / Math.log2(3) + 1 / Math.log2(6)) / 6, 12);
    expect(m['NDCG@10']).toBeCloseTo(
      (1 + 1 / Math.log2(3) + 1 / Math.log2(6) + 1 / Math.log2(7) + 1 / Math.log2(11)) / 6,
      12,
    );
    expect(metricsFromRanks([])).toEqual({ 'HR@5': 0, 'HR@10': 0, 'NDCG@5': 0, 'NDCG@10': 0, users: 0 });
  });
});

const zero: BlendWeights = { sequence: 0, explicit: 0, group: 0, neighbours: 0, propagated: 0, popular: 0 };

/**
 * Two users, three kept items each. User 0's target is best by sequence, user 1's by explicit; the kept
 * items beat each target on the other source.
 */
function cache(): SourceCache {
  const f = (xs: number[]) => Float32Array.from(xs);
  const empty = new Float32Array(6);
  return {
    users: 2,
    offsets: Uint32Array.from([0, 3, 6]),
    items: Uint32Array.from([1, 2, 3, 4, 5, 6]),
    values: {
      sequence: f([0.5, 0.4, 0.3, 1, 0.9, 0.8]),
      explicit: f([1, 0.9, 0.8, 0.5, 0.4, 0.3]),
      group: empty,
      neighbours: empty,
      propagated: empty,
    },
    popularity: new Float32Array(6),
    keys: f([1, 2, 3, 4, 5, 6]),
    target: {
      sequence: f([1, 0]),
      explicit: f([0, 1]),
      group: new Float32Array(2),
      neighbours: new Float32Array(2),
      propagated: new Float32Array(2),
    },
    targetPopularity: new Float32Array(2),
    targetKey: f([0, 0]),
    targetOwned: new Uint8Array(2),
    // User 0's target would have been kept as an ordinary item; user 1's would not.
    targetKept: Uint8Array.from([1, 0]),
    // Every kept item is one the rules keep for any target.
    ordinaryEnds: Uint32Array.from([3, 6]),
  };
}

describe('tuning on the validation cache', () => {
  it("offers a target to round 0 only when the cache's rules would have kept it as an ordinary item", () => {
    const targets = Uint32Array.from([10, 20]);
    const explicit = { ...zero, explicit: 1 };
    const rows = (c: SourceCache) => {
      const m = roundZeroFromCache(c, targets, explicit, 2);
      return [0, 1].map((u) => Array.from(m.cols.subarray(m.offsets[u], m.offsets[u + 1])));
    };
    // User 1's target (1 by explicit) would lead her kept items (0.5, 0.4, 0.3), but the cache's rules did not
    // keep it: it is not offered. User 0's target scores 0 by explicit: nothing to offer.
    expect(rows(cache())).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    // Kept, it competes like any item and leads.
    expect(rows({ ...cache(), targetKept: Uint8Array.from([1, 1]) })).toEqual([
      [1, 2, 3],
      [20, 4, 5, 6],
    ]);
    // Kept but owned: never offered.
    const owned = { ...cache(), targetKept: Uint8Array.from([1, 1]), targetOwned: Uint8Array.from([0, 1]) };
    expect(rows(owned)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    // Item 6 is kept only because user 1's target left a fused slot: tuning ranks against it, round 0 does not.
    expect(rows({ ...cache(), ordinaryEnds: Uint32Array.from([3, 5]) })).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('ranks each target among the kept items under a blend', () => {
    // Sequence alone: user 0's target is first (rank 0), user 1's is below all three (rank 3).
    const seq = cachedMetrics(cache(), { ...zero, sequence: 1 });
    expect(seq.hr10).toBe(1);
    expect(seq.ndcg10).toBeCloseTo((1 + 1 / Math.log2(5)) / 2, 12);
    // Equal weights: user 0's target 1 vs 1.5, 1.3, 1.1: rank 3; user 1's: 1 vs 1.5, 1.3, 1.1: rank 3.
    const both = cachedMetrics(cache(), { ...zero, sequence: 1, explicit: 1 });
    expect(both.ndcg10).toBeCloseTo(1 / Math.log2(5), 12);
  });

  it('finds the weight that serves both users best on its grid', () => {
    const tuned = tuneBlend(cache(), { sources: ['sequence', 'explicit'], fixed: { sequence: 1 } });
    // User 0 stays first while 1 > 0.5 + w (w < 0.5); user 1 would need w >= 2, beyond the grid. Any w >= 0.5
    // leaves both at rank 3, so the search must settle below 0.5.
    expect(tuned.blend.sequence).toBe(1);
    expect(tuned.blend.explicit).toBeLessThan(0.5);
    expect(tuned.ndcg10).toBeCloseTo((1 + 1 / Math.log2(5)) / 2, 12);
    const explicitFirst = tuneBlend(cache(), { sources: ['sequence', 'explicit'], fixed: { explicit: 1 } });
    expect(explicitFirst.blend.sequence).toBeLessThan(0.5);
  });
});
