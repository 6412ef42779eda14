import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import { minReasonShare } from '../../../core/engine/result.js';
import {
  defaultEngineParams,
  type BlendWeights,
  type EngineParams,
  type Recommendation,
} from '../../../core/engine/types.js';
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
    expect(afterB).toMatchObject({ items: [B], latest: true, anchorKind: 'purchase' });
    expect(afterA).toMatchObject({ items: [A], latest: false, anchorKind: 'purchase' });
  });

  it('say "bought last" only for her latest purchase, whatever she looked at since', async () => {
    // She bought A, then B, then looked at A again: A is her latest piece, B her latest purchase.
    const looked = engineInput(items, [
      { events: [[A], [B], [A, 'view']] },
      ...[1, 2, 3].map(() => ({ events: [[A], [C]] as const })),
      ...[4, 5].map(() => ({ events: [[B], [D]] as const })),
      // Someone who bought B, then only looked at A: A is what she looked at last.
      { events: [[B], [A, 'view']] },
    ]);
    const result = await runEngine(looked, params);
    const sequence = (client: number, item: number) =>
      result
        .recommend(client, 3, { blend: only({ sequence: 1 }) })
        .find((r) => r.item === item)!
        .reasons.find((r) => r.source === 'sequence')!;
    // C follows A, her strongest anchor (the latest piece), but she bought A before B: not "bought last".
    expect(sequence(0, C)).toMatchObject({ items: [A], anchorKind: 'purchase', latest: false });
    expect(sequence(0, D)).toMatchObject({ items: [B], anchorKind: 'purchase', latest: true });
    expect(sequence(6, C)).toMatchObject({ items: [A], anchorKind: 'view', latest: true });
  });

  it('give each reason its true share of the score, and only from minReasonShare up', async () => {
    const result = await runEngine(input, params);
    // Popularity (C: 3 of 4 wanted, D: 2 of 4) adds 0.3 x its share to the sequence score (max 1).
    const recs = result.recommend(0, 2, { blend: only({ sequence: 1, popular: 0.3 }) });
    expect(recs.map((r) => r.item)).toEqual([D, C]);
    const [d, c] = recs as [Recommendation, Recommendation];
    // D: sequence 1, popular 0.15 (13 % of 1.15): below the threshold, so sequence is its one reason.
    expect(d.score).toBeCloseTo(1.15, 6);
    expect(d.reasons.map((r) => r.source)).toEqual(['sequence']);
    expect(d.reasons[0]!.share).toBeCloseTo(1 / 1.15, 6);
    // C: popular 0.225 of its score, above 20 %: both, strongest first, shares of the whole score.
    expect(c.reasons.map((r) => r.source)).toEqual(['sequence', 'popular']);
    expect(c.reasons[1]!.share).toBeCloseTo(0.225 / c.score, 5);
    expect(c.reasons[1]!.share).toBeGreaterThanOrEqual(minReasonShare);
    expect(c.reasons[0]!.share + c.reasons[1]!.share).toBeCloseTo(1, 6);
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

  it('read "often follows the X she bought last" only for her latest piece of that kind', () => {
    const reason = (fields: Partial<StoredReason>): StoredReason => ({
      source: 'sequence',
      feature: null,
      facet: null,
      count: 3,
      items: [7, 8],
      clients: [],
      share: 0.6,
      kinds: { purchase: 1, view: 1 },
      bought: 0,
      ...fields,
    });
    const context = {
      clientName: 'Alessandra Conti',
      titles: new Map([
        [7, 'Kelly 25'],
        [8, 'Birkin 30'],
      ]),
    };
    const text = (fields: Partial<StoredReason>) => reasonText(reason(fields), context);
    expect(text({ latest: true, anchorKind: 'purchase' })).toBe(
      'often follows the Kelly 25 Alessandra bought last',
    );
    expect(text({ latest: false, anchorKind: 'purchase' })).toBe(
      'often follows the Kelly 25 Alessandra bought',
    );
    // The verb is what she did with the anchor named, not with any anchor.
    expect(text({ latest: true, anchorKind: 'view' })).toBe(
      'often follows the Kelly 25 Alessandra looked at last',
    );
    expect(text({ latest: false, anchorKind: 'try-on' })).toBe(
      'often follows the Kelly 25 Alessandra tried on',
    );
    // Runs stored before the flags say nothing they cannot know.
    expect(text({ latest: true })).toBe('often follows the Kelly 25 Alessandra bought');
    expect(text({})).toBe('often follows the Kelly 25 Alessandra bought');
  });
});
