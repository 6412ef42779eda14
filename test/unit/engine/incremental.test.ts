import { describe, expect, it } from 'vitest';
import { fitEngine } from '../../../core/engine/index.js';
import { runSettings } from '../../../core/runs/settings.js';
import { replaceRows } from '../../../core/engine/incremental-rounds.js';
import { explicitProfiles, buildItemSpace, eventStrengths } from '../../../core/engine/profiles.js';
import { SimilarityRows } from '../../../core/engine/similarity-rows.js';
import type { Csr } from '../../../core/engine/sparse.js';
import { defaultEngineParams, type EngineInput, type EngineParams } from '../../../core/engine/types.js';
import { engineInput, type ClientSpec } from '../../support/engine-input.js';

function similarityRows(input: EngineInput, params: EngineParams): SimilarityRows {
  const space = buildItemSpace(input, params.commonFeatureShare);
  const explicit = explicitProfiles(input, params, space, eventStrengths(input, params));
  let profiled = 0;
  for (const allowed of input.profilingAllowed) profiled += allowed;
  return new SimilarityRows(explicit, input.featureNames.length, profiled, params);
}

const row = (m: Csr, r: number) => ({
  clients: m.cols.slice(m.offsets[r], m.offsets[r + 1]),
  similarities: m.values.slice(m.offsets[r], m.offsets[r + 1]),
});

/** 60 clients over 24 items in 4 overlapping tastes (seeded), every fifth a single-item client, one refusing. */
function boutique(seed: number): EngineInput {
  let s = seed;
  const random = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const items: string[][] = [];
  for (let i = 0; i < 24; i++)
    items.push([`taste ${i % 4}`, `taste ${(i + 1) % 4}:0.5`, `maison ${i % 6}`, `piece ${i}`]);
  const clients: ClientSpec[] = [];
  for (let c = 0; c < 60; c++) {
    const events: [number, 'purchase' | 'view' | 'return', number][] = [];
    const count = c % 5 === 0 ? 1 : 2 + Math.floor(random() * 5);
    for (let e = 0; e < count; e++)
      events.push([Math.floor(random() * 24), e === 3 ? 'return' : e % 2 ? 'view' : 'purchase', e * 20]);
    clients.push({ events, allowed: c !== 17 });
  }
  return engineInput(items, clients);
}

describe('the similarity graph one row at a time', () => {
  it('gives the hand-computed cosine: one shared feature of two, equal inverse frequencies', () => {
    // Item 2 carries a and b (same frequency), so its vector is (1/√2, 1/√2); client 0 holds a, client 2 b.
    const input = engineInput(
      [['a'], ['b'], ['a', 'b']],
      [{ events: [[0]] }, { events: [[2]] }, { events: [[1]] }],
    );
    const rows = similarityRows(input, { ...defaultEngineParams, neighbours: 1 });
    const of0 = rows.similarities(0);
    expect([...of0.clients]).toEqual([1]);
    expect(of0.similarities[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect([...rows.neighbours(0).clients]).toEqual([1]);
    expect([...rows.neighbours(2).clients]).toEqual([1]);
    // Client 1 is as close to 0 as to 2: one of them, by the fixed tie key, never by id.
    expect(rows.neighbours(1).clients).toHaveLength(1);
  });

  it.each([
    ['plain cosine', { neighbours: 5 }],
    ['with shrinkage', { neighbours: 5, similarityShrinkage: 2 }],
    ['more neighbours than most clients have', { neighbours: 40 }],
  ])('recomputes every row exactly as the full pass does (%s)', async (_, overrides) => {
    for (const seed of [1, 7, 42]) {
      const input = boutique(seed);
      const params = { ...defaultEngineParams, maxIterations: 0, ...overrides };
      const { model } = await fitEngine(input, params);
      const rows = similarityRows(input, params);
      for (let c = 0; c < input.clientCount; c++) expect(rows.neighbours(c)).toEqual(row(model.graph, c));
    }
  });

  it('computes each pair once, the same from either side, and leaves out the client who refused', () => {
    const input = boutique(3);
    const rows = similarityRows(input, defaultEngineParams);
    const sims = Array.from({ length: input.clientCount }, (_, c) => {
      const { clients, similarities } = rows.similarities(c);
      return new Map([...clients].map((v, t) => [v, similarities[t]!]));
    });
    let pairs = 0;
    sims.forEach((of, u) => {
      expect(of.has(u)).toBe(false);
      expect(of.has(17)).toBe(false);
      for (const [v, sim] of of) {
        expect(sims[v]!.get(u)).toBe(sim);
        pairs++;
      }
    });
    expect(sims[17]!.size).toBe(0);
    expect(pairs).toBeGreaterThan(1000);
  });
});

describe('a run’s stored parameters', () => {
  it('are read back over the defaults, nested weights merged', () => {
    const { params, consumableCategories } = runSettings({
      id: 4,
      params: {
        neighbours: 12,
        blend: { group: 0.3 },
        kindWeights: { view: 0.2 },
        consumableCategories: ['fragrance', 'candles'],
        requestedReasoner: 'rules',
      },
    });
    expect(params).toEqual({
      ...defaultEngineParams,
      neighbours: 12,
      blend: { ...defaultEngineParams.blend, group: 0.3 },
      kindWeights: { ...defaultEngineParams.kindWeights, view: 0.2 },
    });
    expect(consumableCategories).toEqual(['fragrance', 'candles']);
    expect(runSettings({ id: 5, params: {} }).params).toEqual(defaultEngineParams);
  });

  it('refuse unreadable values, naming the run and the field', () => {
    expect(() => runSettings({ id: 9, params: { neighbours: -1 } })).toThrow(
      /optimize run 9 has unreadable parameters \(neighbours: /,
    );
    expect(() => runSettings({ id: 9, params: { blend: { group: 'lots' } } })).toThrow(/blend\.group/);
  });
});

describe('replacing some rows of a sparse matrix', () => {
  it('keeps the other rows and their order', () => {
    const base: Csr = {
      rows: 3,
      offsets: Uint32Array.from([0, 2, 2, 3]),
      cols: Uint32Array.from([4, 1, 7]),
      values: Float32Array.from([0.5, 0.25, 1]),
    };
    const out = replaceRows(base, new Map([[1, { cols: [3, 2, 9], values: [1, 0.5, 0.125] }]]));
    expect([...out.offsets]).toEqual([0, 2, 5, 6]);
    expect([...out.cols]).toEqual([4, 1, 3, 2, 9, 7]);
    expect([...out.values]).toEqual([0.5, 0.25, 1, 0.5, 0.125, 1]);
    const emptied = replaceRows(base, new Map([[0, { cols: [], values: [] }]]));
    expect([...emptied.offsets]).toEqual([0, 0, 0, 1]);
  });
});
