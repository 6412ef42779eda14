import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import { minReasonShare } from '../../../core/engine/result.js';
import { defaultEngineParams, type BlendWeights, type EngineParams } from '../../../core/engine/types.js';
import { reasonText } from '../../../core/runs/reasons.js';
import { engineInput } from '../../support/engine-input.js';
import type { StoredReason } from '../../../core/db/runs/engine-store.js';

const params: EngineParams = { ...defaultEngineParams, maxIterations: 0 };
const only = (weights: Partial<BlendWeights>): BlendWeights => ({
  sequence: 0,
  explicit: 0,
  group: 0,
  neighbours: 0,
  propagated: 0,
  popular: 0,
  ...weights,
});

// Items A..E = 0..4: C usually follows A, D usually follows B.
const [A, B, C, D] = [0, 1, 2, 3] as const;
const items = [['a'], ['b'], ['c'], ['d'], ['e']];
const input = engineInput(items, [
  // She bought A, then B (her latest).
  { events: [[A], [B]] },
  { events: [[A], [C]] },
  { events: [[A], [C]] },
  { events: [[A], [C]] },
  { events: [[B], [D]] },
  { events: [[B], [D]] },
]);

describe('recommendation reasons', () => {
  it('say "last" only when the anchor is her latest piece', async () => {
    const result = await runEngine(input, params);
    const recs = result.recommend(0, 2, { blend: only({ sequence: 1 }) });
    const byItem = new Map(recs.map((r) => [r.item, r.reasons]));
    const afterB = byItem.get(D)!.find((r) => r.source === 'sequence')!;
    const afterA = byItem.get(C)!.find((r) => r.source === 'sequence')!;
    expect(afterB).toMatchObject({ items: [B], latest: true });
    expect(afterA).toMatchObject({ items: [A], latest: false });
  });

  it('are given only for sources carrying a real share of the score, the strongest always, strongest first', async () => {
    const result = await runEngine(input, params);
    // Sequence dominates; popularity adds a sliver to every item.
    const recs = result.recommend(0, 2, { blend: only({ sequence: 1, popular: 0.05 }) });
    for (const r of recs) {
      expect(r.reasons.map((x) => x.source)).toEqual(['sequence']);
      expect(r.reasons[0]!.share).toBeGreaterThan(1 - minReasonShare);
    }
    // Popularity alone: the one reason there is, whatever its share.
    const popular = result.recommend(0, 1, { blend: only({ popular: 1 }) });
    expect(popular[0]!.reasons.map((x) => x.source)).toEqual(['popular']);
    // Two strong sources: both, the stronger first, shares summing to at most 1.
    const both = result.recommend(0, 1, { blend: only({ sequence: 1, popular: 1 }) })[0]!;
    const shares = both.reasons.map((x) => x.share);
    expect(shares.every((s, k) => k === 0 || s >= minReasonShare)).toBe(true);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('read "often follows the X she bought last" only for her latest piece', () => {
    const reason = (latest?: boolean): StoredReason => ({
      source: 'sequence',
      feature: null,
      facet: null,
      count: 3,
      items: [7],
      clients: [],
      share: 0.6,
      kinds: { purchase: 1 },
      bought: 0,
      latest,
    });
    const context = { clientName: 'Alessandra Conti', titles: new Map([[7, 'Kelly 25']]) };
    expect(reasonText(reason(true), context)).toBe('often follows the Kelly 25 Alessandra bought last');
    expect(reasonText(reason(false), context)).toBe('often follows the Kelly 25 Alessandra bought');
    // A run stored before the flag existed says nothing it cannot know.
    expect(reasonText(reason(), context)).toBe('often follows the Kelly 25 Alessandra bought');
  });
});
