import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import { buildTransitions, popularity, positiveHistories } from '../../../core/engine/sequence.js';
import { positiveEvents } from '../../../core/engine/profiles.js';
import { defaultEngineParams, type BlendWeights, type EngineParams } from '../../../core/engine/types.js';
import { day, engineInput, featureId } from '../../support/engine-input.js';

const params: EngineParams = { ...defaultEngineParams, maxIterations: 0 };
const none: BlendWeights = { sequence: 0, explicit: 0, group: 0, neighbours: 0, propagated: 0, popular: 0 };

// Items A..E = 0..4, one feature each.
const items = [['a'], ['b'], ['c'], ['d'], ['e']];
const [A, B, C, D] = [0, 1, 2, 3] as const;

describe('the sequence signal', () => {
  const input = engineInput(items, [
    { events: [[A], [B]] },
    { events: [[A], [B]] },
    { events: [[A], [C]] },
    { events: [[A]] },
    { events: [[D], [D], [D]], allowed: false },
  ]);

  it('counts what follows what, by gap and direction, damped by row total and popularity', () => {
    const positive = positiveEvents(input, params);
    const pop = popularity(input, positive);
    // The client who refused profiling is nobody's evidence, popularity included.
    expect(Array.from(pop)).toEqual([4, 2, 1, 0, 0]);
    const t = buildTransitions(positiveHistories(input, positive), input.itemCount, pop, params.sequence);
    const row = (i: number) =>
      Object.fromEntries(
        Array.from(t.weights.cols.subarray(t.weights.offsets[i], t.weights.offsets[i + 1]), (c, k) => [
          c,
          [t.weights.values[t.weights.offsets[i]! + k]!, t.follows[t.weights.offsets[i]! + k]!],
        ]),
      );
    // A -> B twice, A -> C once (gap 1); row total 3.
    const rowDamp = Math.pow(4, -0.3);
    expect(row(A)[B]![0]).toBeCloseTo(2 * rowDamp * Math.pow(3, -0.1), 6);
    expect(row(A)[B]![1]).toBe(2);
    expect(row(A)[C]![0]).toBeCloseTo(1 * rowDamp * Math.pow(2, -0.1), 6);
    // B -> A only backwards: 2 x 0.3, row total 0.6, never "followed".
    expect(row(B)[A]![0]).toBeCloseTo(0.6 * Math.pow(1.6, -0.3) * Math.pow(5, -0.1), 6);
    expect(row(B)[A]![1]).toBe(0);
    expect(row(D)).toEqual({});
  });

  it('recommends what usually follows her latest item, saying so', async () => {
    const result = await runEngine(input, { ...params, blend: { ...none, sequence: 1 } });
    const recs = result.recommend(3, 2);
    expect(recs.map((r) => r.item)).toEqual([B, C]);
    expect(recs[0]!.score).toBe(1);
    // C / B = (2^-0.1) / (2 x 3^-0.1)
    expect(recs[1]!.score).toBeCloseTo(0.5 * Math.pow(1.5, 0.1), 6);
    expect(recs[0]!.reasons).toEqual([
      {
        source: 'sequence',
        feature: null,
        count: 2,
        items: [A],
        clients: [],
        share: 1,
        latest: true,
        anchorKind: 'purchase',
      },
    ]);
    // Owned items are never offered; `exclude` removes more.
    expect(result.recommend(3, 5).map((r) => r.item)).not.toContain(A);
    expect(result.recommend(3, 1, { exclude: [B] }).map((r) => r.item)).toEqual([C]);
  });

  it('gives a client who refused profiling only the boutique’s bestsellers', async () => {
    const result = await runEngine(input, { ...params, blend: { ...none, sequence: 1, popular: 0.1 } });
    const recs = result.recommend(4, 3);
    expect(recs.map((r) => r.item)).toEqual([A, B, C]);
    for (const r of recs) expect(r.reasons.map((x) => x.source)).toEqual(['popular']);
    expect(recs[0]!.reasons[0]!.count).toBe(4);
  });
});

describe('reasons in the boutique’s words', () => {
  it('explicit: her interest in a feature, from how many of her items', async () => {
    const input = engineInput(
      [
        ['leather', 'black'],
        ['leather', 'tan'],
        ['leather', 'red'],
        ['leather', 'navy'],
        ['silk', 'blue'],
      ],
      [{ events: [[0], [1], [2]] }, { events: [[4]] }],
    );
    const result = await runEngine(input, { ...params, blend: { ...none, explicit: 1 } });
    const [first] = result.recommend(0, 1);
    expect(first!.item).toBe(3);
    expect(first!.reasons[0]).toEqual({
      source: 'explicit',
      feature: featureId(input, 'leather'),
      count: 3,
      // Strongest first: the most recent purchase counts most.
      items: [2, 1, 0],
      clients: [],
      share: 1,
    });
  });

  it('group: how many clients with similar taste bought it, and who', async () => {
    const input = engineInput(
      [['x'], ['y'], ['z'], ['w']],
      [
        { events: [[0], [1]] },
        { events: [[0], [1], [2]] },
        { events: [[0], [1], [2]] },
        { events: [[0], [3]] },
      ],
    );
    const result = await runEngine(input, { ...params, neighbours: 3, blend: { ...none, neighbours: 1 } });
    const recs = result.recommend(0, 2);
    expect(recs.map((r) => r.item)).toEqual([2, 3]);
    expect(recs[0]!.reasons[0]).toMatchObject({ source: 'group', feature: null, count: 2, clients: [1, 2] });
    expect(recs[1]!.reasons[0]).toMatchObject({ source: 'group', count: 1, clients: [3] });
  });

  it('offers an owned consumable again only when re-buying is on', async () => {
    const input = engineInput(
      [['perfume'], ['perfume'], ['bag']],
      [{ events: [[0], [2]] }, { events: [[0], [1]] }],
      {
        consumable: [0],
      },
    );
    const blend = { ...none, explicit: 1 };
    const off = await runEngine(input, { ...params, blend });
    expect(off.recommend(0, 3).map((r) => r.item)).not.toContain(0);
    // Not the week after: a piece bought within `recentPurchaseDays` waits, re-buyable or not.
    const on = await runEngine(input, { ...params, blend, rebuyConsumables: true });
    expect(on.recommend(0, 3).map((r) => r.item)).not.toContain(0);
    const later = { ...input, now: input.now + 91 * day };
    const again = await runEngine(later, { ...params, blend, rebuyConsumables: true });
    expect(again.recommend(0, 3).map((r) => r.item)).toContain(0);
    expect(again.recommend(0, 3).map((r) => r.item)).not.toContain(2);
    const noWindow = await runEngine(input, {
      ...params,
      blend,
      rebuyConsumables: true,
      recentPurchaseDays: 0,
    });
    expect(noWindow.recommend(0, 3).map((r) => r.item)).toContain(0);
  });
});
