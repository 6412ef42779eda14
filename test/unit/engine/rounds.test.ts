import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import {
  defaultEngineParams,
  EngineInputError,
  type EngineProgress,
  type EngineParams,
  type IterationLog,
} from '../../../core/engine/types.js';
import { engineInput, featureId, type ClientSpec } from '../../support/engine-input.js';

/**
 * A planted boutique: 4 taste groups of 10 items each. Every item of group g has the group's style and
 * material; half of them also have the group's colour. 30 clients per group buy 4 of their group's items in a
 * random order; one in five never buys an item with the colour: for her the colour is held out, and only her
 * neighbours can tell her about it.
 */
function planted(seed = 42) {
  let s = seed;
  const random = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const items: string[][] = [];
  for (let g = 0; g < 4; g++)
    for (let k = 0; k < 10; k++)
      items.push([`style ${g}`, `material ${g}`, `piece ${g}-${k}`, ...(k % 2 === 0 ? [`colour ${g}`] : [])]);
  const clients: ClientSpec[] = [];
  const groupOf: number[] = [];
  for (let g = 0; g < 4; g++)
    for (let c = 0; c < 30; c++) {
      const pool = Array.from({ length: 10 }, (_, k) => g * 10 + k).filter((i) => c % 5 !== 0 || i % 2 === 1);
      const events: [number, 'purchase', number][] = [];
      for (let d = 0; d < 4; d++)
        events.push([pool[Math.floor(random() * pool.length)]!, 'purchase', d * 30]);
      clients.push({ events, allowed: c !== 29 });
      groupOf.push(g);
    }
  return { input: engineInput(items, clients), groupOf };
}

const params: EngineParams = { ...defaultEngineParams, neighbours: 10, maxIterations: 8, tolerance: 0.005 };

describe('the alternating rounds (stage 3)', () => {
  it('log what changed each round, shrinking until the tolerance, then stop', async () => {
    const { input } = planted();
    const seen: IterationLog[] = [];
    const result = await runEngine(input, params, { onIteration: (log) => seen.push(log) });
    expect(result.iterations).toEqual(seen);
    expect(result.iterations.length).toBeGreaterThanOrEqual(2);
    expect(result.iterations.length).toBeLessThan(8);
    expect(result.converged).toBe(true);
    const deltas = result.iterations.map((l) => l.meanDelta);
    for (let r = 1; r < deltas.length; r++) expect(deltas[r]!).toBeLessThan(deltas[r - 1]!);
    expect(deltas.at(-1)!).toBeLessThan(params.tolerance);
    expect(deltas[0]!).toBeGreaterThan(params.tolerance);
    // A share of clients: a fraction, never negative nor above all of them.
    for (const l of result.iterations) {
      expect(l.topChangedShare).toBeGreaterThanOrEqual(0);
      expect(l.topChangedShare).toBeLessThanOrEqual(1);
    }
    expect(result.iterations.map((l) => l.iteration)).toEqual(deltas.map((_, r) => r + 1));
  });

  it('run at most maxIterations rounds, and none at 0', async () => {
    const { input } = planted();
    const one = await runEngine(input, { ...params, maxIterations: 1 });
    expect(one.iterations).toHaveLength(1);
    expect(one.converged).toBe(false);
    const none = await runEngine(input, { ...params, maxIterations: 0 });
    expect(none.iterations).toHaveLength(0);
  });

  it('are deterministic', async () => {
    const { input } = planted();
    const a = await runEngine(input, params);
    const b = await runEngine(input, params);
    expect(a.iterations.map((l) => l.meanDelta)).toEqual(b.iterations.map((l) => l.meanDelta));
    expect(a.recommend(3, 10)).toEqual(b.recommend(3, 10));
  });
});

describe('the planted taste groups', () => {
  it('are recovered: neighbours from the same group, the held-out colour as a group interest', async () => {
    const { input, groupOf } = planted();
    const result = await runEngine(input, params);
    let sameGroup = 0;
    let neighbours = 0;
    for (let c = 0; c < input.clientCount; c++) {
      if (input.profilingAllowed[c] === 0) continue;
      for (const n of result.neighboursOf(c)) {
        neighbours++;
        if (groupOf[n.client] === groupOf[c]) sameGroup++;
        expect(input.profilingAllowed[n.client]).toBe(1);
      }
      const g = groupOf[c]!;
      // Her explicit interests are her group's features, and only those.
      const explicit = result.explicitInterests(c).map((x) => input.featureNames[x.feature]!);
      expect(explicit).toEqual(expect.arrayContaining([`style ${g}`, `material ${g}`]));
      for (const f of explicit) expect(f.split(' ')[1]!.startsWith(String(g))).toBe(true);
      if ((c % 30) % 5 === 0) {
        const colour = featureId(input, `colour ${g}`);
        expect(result.explicitInterests(c).map((x) => x.feature)).not.toContain(colour);
        const group = result.groupInterests(c, 5);
        const found = group.find((x) => x.feature === colour);
        expect(found, `client ${c}`).toBeDefined();
        for (const v of found!.neighbours) expect(groupOf[v]).toBe(g);
        for (const i of found!.items)
          expect(input.featureNames[input.featureIds[input.featureOffsets[i]!]!]).toBe(`style ${g}`);
      }
    }
    expect(sameGroup / neighbours).toBeGreaterThan(0.95);
  });
});

describe('running', () => {
  it('reports progress per step, never going back', async () => {
    const { input } = planted();
    const events: EngineProgress[] = [];
    await runEngine(input, { ...params, batchSize: 16 }, { onProgress: (p) => events.push(p) });
    const steps = new Set(events.map((e) => e.step));
    expect([...steps]).toEqual(expect.arrayContaining(['interests', 'neighbours', 'group', 'iterate']));
    const last = new Map<string, number>();
    for (const e of events) {
      expect(e.done).toBeLessThanOrEqual(e.total);
      if (e.step !== 'iterate') expect(e.done).toBeGreaterThanOrEqual(last.get(e.step) ?? 0);
      last.set(e.step, e.done);
    }
  });

  it('stops between batches when aborted, returning nothing', async () => {
    const { input } = planted();
    const controller = new AbortController();
    const run = runEngine(
      input,
      { ...params, batchSize: 8 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'neighbours' && p.done >= 16) controller.abort(new Error('stop'));
        },
      },
    );
    await expect(run).rejects.toThrow('stop');
  });

  it('refuses an inconsistent input, naming the field', async () => {
    const { input } = planted();
    await expect(runEngine({ ...input, eventKind: input.eventKind.subarray(1) })).rejects.toThrow(
      EngineInputError,
    );
    await expect(runEngine({ ...input, eventKind: input.eventKind.subarray(1) })).rejects.toThrow(
      /eventKind/,
    );
    const badItem = input.eventItem.slice();
    badItem[3] = 999;
    await expect(runEngine({ ...input, eventItem: badItem })).rejects.toThrow(/eventItem\[3\] = 999/);
    await expect(runEngine({ ...input, profilingAllowed: new Uint8Array(2) })).rejects.toThrow(
      /profilingAllowed/,
    );
  });
});
