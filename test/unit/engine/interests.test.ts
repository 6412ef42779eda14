import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import { defaultEngineParams, type EngineParams } from '../../../core/engine/types.js';
import { engineInput, featureId } from '../../support/engine-input.js';

const params: EngineParams = { ...defaultEngineParams, maxIterations: 0, recencyHalfLifeDays: 180 };

// Items: 0 = leather + black, 1 = leather + gold, 2 = silk. Inverse item frequency: leather ln(1 + 3/2),
// the others ln(1 + 3/1); each item vector has unit length.
const items = [['leather', 'black'], ['leather', 'gold'], ['silk']];
const idfLeather = Math.log(2.5);
const idfRare = Math.log(4);
const norm = Math.hypot(idfLeather, idfRare);

describe('explicit interests (stage 1: the semantic interaction graph)', () => {
  it('weights each feature by the client’s items that carry it, strongest = 1, with its evidence', async () => {
    const input = engineInput(items, [
      {
        events: [
          [0, 'purchase', 0],
          [1, 'purchase', 0],
        ],
      },
    ]);
    const result = await runEngine(input, params);
    const interests = result.explicitInterests(0);
    expect(interests.map((x) => input.featureNames[x.feature])).toEqual(['leather', 'black', 'gold']);
    // leather: 2 ln2.5 / n; black and gold: ln4 / n each; scaled by the strongest.
    expect(interests[0]!.weight).toBe(1);
    expect(interests[1]!.weight).toBeCloseTo(idfRare / (2 * idfLeather), 6);
    expect(interests[2]!.weight).toBeCloseTo(idfRare / (2 * idfLeather), 6);
    expect(interests[0]!.evidenceItems).toEqual([0, 1]);
    expect(interests[1]!.evidenceItems).toEqual([0]);
  });

  it('decays older events by the half-life', async () => {
    // Item 0 bought 180 days before item 2: it counts half.
    const input = engineInput(items, [
      {
        events: [
          [0, 'purchase', 0],
          [2, 'purchase', 180],
        ],
      },
    ]);
    const interests = (await runEngine(input, params)).explicitInterests(0);
    expect(interests.map((x) => input.featureNames[x.feature])).toEqual(['silk', 'black', 'leather']);
    expect(interests[1]!.weight).toBeCloseTo((0.5 * idfRare) / norm, 6);
    expect(interests[2]!.weight).toBeCloseTo((0.5 * idfLeather) / norm, 6);
  });

  it('counts a return against the returned item’s features, and never as evidence', async () => {
    const input = engineInput(items, [
      {
        events: [
          [0, 'purchase', 0],
          [1, 'return', 0],
        ],
      },
    ]);
    const interests = (await runEngine(input, params)).explicitInterests(0);
    // leather 1 - 0.8; gold -0.8: gone.
    expect(interests.map((x) => input.featureNames[x.feature])).toEqual(['black', 'leather']);
    expect(interests[1]!.weight).toBeCloseTo((0.2 * idfLeather) / idfRare, 6);
    expect(interests[1]!.evidenceItems).toEqual([0]);
  });

  it('weighs kinds: a purchase outweighs a view', async () => {
    const input = engineInput(items, [
      {
        events: [
          [0, 'view', 0],
          [2, 'purchase', 0],
        ],
      },
    ]);
    const interests = (await runEngine(input, params)).explicitInterests(0);
    expect(interests[0]!.feature).toBe(featureId(input, 'silk'));
    expect(interests[1]!.weight).toBeCloseTo((0.15 * idfRare) / norm, 6);
  });
});

// Single-feature items: every item is a unit axis, so profiles and cosines are easy to write down.
const axes = [['x'], ['y'], ['z'], ['w'], ['v']];

describe('the client similarity graph (stage 2)', () => {
  const input = engineInput(axes, [
    {
      events: [
        [0, 'purchase', 0],
        [1, 'purchase', 0],
      ],
    }, // (x + y) / sqrt 2
    { events: [[0, 'purchase', 0]] }, // x
    {
      events: [
        [1, 'purchase', 0],
        [2, 'purchase', 0],
      ],
    }, // (y + z) / sqrt 2
    { events: [[2, 'purchase', 0]] }, // z
    {
      events: [
        [0, 'purchase', 0],
        [1, 'purchase', 0],
      ],
      allowed: false,
    },
  ]);

  it('keeps the top-k cosine neighbours, most similar first', async () => {
    const result = await runEngine(input, { ...params, neighbours: 2 });
    const round = (n: { client: number; similarity: number }[]) =>
      n.map((x) => [x.client, Number(x.similarity.toFixed(6))]);
    expect(round(result.neighboursOf(0))).toEqual([
      [1, 0.707107],
      [2, 0.5],
    ]);
    expect(round(result.neighboursOf(1))).toEqual([[0, 0.707107]]);
    expect(round(result.neighboursOf(2))).toEqual([
      [3, 0.707107],
      [0, 0.5],
    ]);
    expect(round(result.neighboursOf(3))).toEqual([[2, 0.707107]]);
    const one = await runEngine(input, { ...params, neighbours: 1 });
    expect(one.neighboursOf(0).map((n) => n.client)).toEqual([1]);
  });

  it('never profiles a client who refused, nor makes her anyone’s neighbour', async () => {
    const result = await runEngine(input, { ...params, neighbours: 4 });
    expect(result.explicitInterests(4)).toEqual([]);
    expect(result.neighboursOf(4)).toEqual([]);
    expect(result.groupInterests(4)).toEqual([]);
    for (let c = 0; c < 4; c++) expect(result.neighboursOf(c).map((n) => n.client)).not.toContain(4);
  });
});

describe('group implicit interests', () => {
  it('are the features her neighbours hold and she does not, with who holds them and which items', async () => {
    const input = engineInput(axes, [
      {
        events: [
          [0, 'purchase', 0],
          [1, 'purchase', 0],
        ],
      }, // x, y
      {
        events: [
          [0, 'purchase', 0],
          [2, 'purchase', 0],
        ],
      }, // x, z: cosine 1/2
      {
        events: [
          [1, 'purchase', 0],
          [3, 'purchase', 0],
          [4, 'purchase', 0],
        ],
      }, // y, w, v: cosine 1/sqrt 6
    ]);
    const result = await runEngine(input, { ...params, neighbours: 2 });
    const group = result.groupInterests(0);
    // z: (1/2)(1/sqrt 2); w and v: (1/sqrt 6)(1/sqrt 3) each, i.e. 2/3 of z's.
    expect(group.map((g) => input.featureNames[g.feature])).toEqual(['z', 'w', 'v']);
    expect(group[0]).toEqual({ feature: featureId(input, 'z'), strength: 1, neighbours: [1], items: [2] });
    expect(group[1]!.strength).toBeCloseTo(2 / 3, 6);
    expect(group[1]!.neighbours).toEqual([2]);
    expect(group[1]!.items).toEqual([3]);
    // Nothing she already holds.
    expect(group.some((g) => ['x', 'y'].includes(input.featureNames[g.feature]!))).toBe(false);
    expect(result.groupInterests(0, 1)).toHaveLength(1);
  });
});
