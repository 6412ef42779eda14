import { describe, expect, it } from 'vitest';
import { fitEngine, Scorer } from '../../../core/engine/index.js';
import {
  fromScorer,
  ndcgSum,
  predictRow,
  RerankFeatures,
  rerankFeatures,
  rerankWidth,
  trainRanker,
  defaultBoostParams,
  type RankingData,
} from '../../../core/engine/rerank/index.js';
import { sources } from '../../../core/engine/scorer.js';
import { defaultEngineParams, type BlendWeights } from '../../../core/engine/types.js';
import { engineInput } from '../../support/engine-input.js';

const column = (name: (typeof rerankFeatures)[number]) => rerankFeatures.indexOf(name);

// Five items over a maison, a category and a price tier each.
const items = [
  ['maison x', 'lip', 'low'],
  ['maison x', 'eye', 'high'],
  ['maison y', 'lip', 'low'],
  ['maison y', 'eye', 'high'],
  ['maison x', 'lip', 'high'],
];
const facets = {
  'maison x': 'maison',
  'maison y': 'maison',
  lip: 'category',
  eye: 'category',
  low: 'price',
  high: 'price',
} as const;

describe("the second stage's features", () => {
  it('describes a hand-made client’s candidates exactly', async () => {
    const input = engineInput(
      items,
      [{ events: [[0], [1]] }, { events: [[0], [1], [4]] }, { events: [[1], [4]] }, { events: [[2], [3]] }],
      { facets },
    );
    const { model } = await fitEngine(input, { ...defaultEngineParams, maxIterations: 0 });
    const blend: BlendWeights = {
      sequence: 1,
      explicit: 0.5,
      group: 0,
      neighbours: 0.5,
      propagated: 0,
      popular: 0.1,
    };
    const scorer = new Scorer(model);
    scorer.score(0, blend);
    const { items: candidates } = scorer.top(0, 10, blend);
    // She owns 0 and 1: the candidates are the other three, best first.
    expect(Array.from(candidates).sort()).toEqual([2, 3, 4]);
    const scaled = new Float32Array(candidates.length * sources.length);
    const totals = new Float32Array(candidates.length);
    fromScorer(scorer, blend, candidates, scaled, totals);
    const out = new Float32Array(candidates.length * rerankWidth);
    new RerankFeatures(model).write(0, candidates, scaled, totals, out, 0);
    const row = candidates.indexOf(4) * rerankWidth;
    const f = (name: (typeof rerankFeatures)[number]) => out[row + column(name)]!;

    // Item 4 followed her last item (1) directly for two clients; nothing followed item 0 directly to 4.
    expect(f('follows last item')).toBe(2);
    expect(f('follows latest 3')).toBe(2);
    // Held by clients 1 and 2, both her neighbours: their similarities summed.
    const sims = new Map<number, number>();
    for (let k = model.graph.offsets[0]!; k < model.graph.offsets[1]!; k++)
      sims.set(model.graph.cols[k]!, model.graph.values[k]!);
    expect(f('neighbours holding it')).toBe(2);
    expect(f('similarity mass holding it')).toBeCloseTo(sims.get(1)! + sims.get(2)!, 6);
    // Same maison (x) and price tier (high) as item 1, not its category (eye vs lip); maison x on both of her items.
    expect(f('same maison as last item')).toBe(1);
    expect(f('maison shared with latest 3')).toBe(2);
    expect(f('category features shared with last item')).toBe(0);
    expect(f('same price tier as last item')).toBe(1);
    // Cosine of the idf-weighted vectors: 1 = (x, eye, high), 4 = (x, lip, high); df 3 except eye (2).
    const a = Math.log(1 + 5 / 3);
    const b = Math.log(1 + 5 / 2);
    const cosine = (2 * a * a) / (Math.sqrt(2 * a * a + b * b) * Math.sqrt(3) * a);
    expect(f('cosine with last item')).toBeCloseTo(cosine, 5);
    // Item 0 = (x, lip, low) shares two features of the same idf too (low, like eye, is on two items).
    expect(f('max cosine with latest 3')).toBeCloseTo(f('cosine with last item'), 6);
    expect(f('cosine with last item')).toBeGreaterThan(0.6);
    expect(f('log history length')).toBeCloseTo(Math.log1p(2), 6);
    expect(f('log popularity')).toBeCloseTo(Math.log1p(2), 6);
    expect(f('blended rank')).toBe(candidates.indexOf(4));
    expect(f('blended score')).toBeCloseTo(scorer.total(4, blend), 6);
    expect(f('sequence score')).toBeCloseTo(scorer.parts.sequence.values[4]! / scorer.maxima.sequence, 6);
    // Only item 4 follows anything she bought: it ranks first by the sequence source.
    expect(f('sequence rank')).toBe(0);
    // Item 3 shares no maison with her last item, and item 2 neither maison, category nor price.
    const row2 = candidates.indexOf(2) * rerankWidth;
    expect(out[row2 + column('same maison as last item')]).toBe(0);
    expect(out[row2 + column('same price tier as last item')]).toBe(0);
    expect(out[row2 + column('follows last item')]).toBe(0);
    // How late items come in the fitted histories: 4 ends two of them (clients 1 and 2), 2 is first of two.
    expect(f('log late popularity')).toBeCloseTo(Math.log1p(2), 6);
    expect(f('mean position in histories')).toBeCloseTo(1, 6);
    expect(out[row2 + column('log late popularity')]).toBe(0);
    expect(out[row2 + column('mean position in histories')]).toBeCloseTo(0.5, 6);
  });
});

/** Queries of 10 rows, 3 features; the relevant row has the largest feature 2, stage 1's order is random. */
function synthetic(queries: number, seed: number): RankingData {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const n = 10;
  const features = new Float32Array(queries * n * 3);
  const relevant = new Uint32Array(queries);
  const queryOffsets = new Uint32Array(queries + 1);
  for (let q = 0; q < queries; q++) {
    let best = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < 3; c++) features[(q * n + r) * 3 + c] = random();
      if (features[(q * n + r) * 3 + 2]! > features[(q * n + best) * 3 + 2]!) best = r;
    }
    relevant[q] = best;
    queryOffsets[q + 1] = (q + 1) * n;
  }
  return { features, width: 3, queryOffsets, relevant };
}

describe('the second stage’s trainer', () => {
  const params = { ...defaultBoostParams, depth: 3, trees: 60, minLeafRows: 20, learningRate: 0.3 };
  const train = synthetic(400, 1);
  const held = synthetic(200, 2);

  it('learns the feature that decides the target', () => {
    const { forest, curve } = trainRanker(train, held, params);
    // Stage 1's order is random: NDCG@10 of a random position among 10.
    expect(curve[0]! / 200).toBeLessThan(0.5);
    const scores = new Float64Array(held.features.length / 3);
    for (let r = 0; r < scores.length; r++) scores[r] = predictRow(forest, held.features, r * 3);
    expect(ndcgSum(held, scores) / 200).toBeGreaterThan(0.9);
    expect(forest.trees).toBeGreaterThan(0);
    // The first split reads feature 2.
    expect(forest.feature[0]).toBe(2);
  });

  it('is deterministic: the same data and seed give the same forest', () => {
    const sampled = { ...params, querySample: 0.5, seed: 3 };
    const a = trainRanker(train, held, sampled);
    const b = trainRanker(train, held, sampled);
    expect(Array.from(b.forest.feature)).toEqual(Array.from(a.forest.feature));
    expect(Array.from(b.forest.threshold)).toEqual(Array.from(a.forest.threshold));
    expect(Array.from(b.forest.leaves)).toEqual(Array.from(a.forest.leaves));
    expect(Array.from(b.curve)).toEqual(Array.from(a.curve));
  });
});
