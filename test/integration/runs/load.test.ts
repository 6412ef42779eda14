import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { loadEngineInput } from '../../../core/runs/load.js';
import { engineKinds, type EngineInput } from '../../../core/engine/types.js';
import { at, seed } from '../../support/small-boutique.js';

let dir: string;
let db: Db;
let id: Record<string, number>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-engine-load-'));
  db = openDatabase(join(dir, 'b.db'));
  id = seed(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date('2025-06-01T00:00:00.000Z');

function itemFeatureList(input: EngineInput, item: number): string[] {
  const out: string[] = [];
  for (let k = input.featureOffsets[item]!; k < input.featureOffsets[item + 1]!; k++)
    out.push(
      `${input.featureFacets[input.featureIds[k]!]}:${input.featureNames[input.featureIds[k]!]}:${input.featureWeights[k]!.toFixed(2)}`,
    );
  return out;
}

function events(input: EngineInput, client: number): string[] {
  const out: string[] = [];
  for (let e = input.eventOffsets[client]!; e < input.eventOffsets[client + 1]!; e++)
    out.push(
      `${input.eventItem[e]}:${engineKinds[input.eventKind[e]!]}:${new Date(input.eventTime[e]!).toISOString()}`,
    );
  return out;
}

describe('loadEngineInput', () => {
  it('reads clients, items and events into compact typed arrays, in time order', () => {
    // An event whose local time sorts after an earlier UTC one: 11:00+05:00 is 06:00Z, before 10:00Z.
    db.prepare(
      `INSERT INTO interactions (client_id, item_id, kind, quantity, occurred_at) VALUES (?, ?, 'view', 2, ?)`,
    ).run(id['C5'], id['CHRONO'], '2025-01-07T11:00:00+05:00');
    const loaded = loadEngineInput(db, { reasoner: 'rules', now });
    const { input } = loaded;
    expect(loaded.clients.map((c) => c.externalId)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(loaded.items.map((i) => i.externalId)).toEqual(['TOTE', 'DRESS', 'OUD', 'CHRONO', 'CARD']);
    expect(loaded.clientIndex.get(id['C3']!)).toBe(2);
    expect(loaded.itemIndex.get(id['CARD']!)).toBe(4);
    expect(input.clientCount).toBe(5);
    expect(input.itemCount).toBe(5);
    expect([...input.eventOffsets]).toEqual([0, 3, 5, 6, 7, 9]);
    expect(events(input, 0)).toEqual([
      '0:purchase:2025-03-01T10:00:00.000Z',
      '4:purchase:2025-04-01T10:00:00.000Z',
      '1:try-on:2025-05-01T10:00:00.000Z',
    ]);
    expect(events(input, 3)).toEqual(['3:wishlist:2025-01-05T10:00:00.000Z']);
    expect(events(input, 4)).toEqual([
      '3:view:2025-01-07T06:00:00.000Z',
      '3:purchase:2025-01-07T10:00:00.000Z',
    ]);
    expect(input.eventWeight[input.eventOffsets[4]!]).toBe(2);
    expect([...input.profilingAllowed]).toEqual([1, 1, 0, 1, 1]);
    expect([...input.consumable]).toEqual([0, 0, 1, 0, 0]);
    expect(input.now).toBe(now.getTime());
    expect(itemFeatureList(input, 0)).toEqual([
      'category:bag:0.70',
      'category:tote:0.60',
      'maison:vautrin:0.50',
      'category:leather goods:0.40',
    ]);
    // One vocabulary: the two Vautrin items share the maison feature id.
    const vautrin = input.featureNames.indexOf('vautrin');
    expect(itemFeatureList(input, 4)).toContain('maison:vautrin:0.50');
    expect(input.featureNames.filter((n) => n === 'vautrin')).toHaveLength(1);
    expect(vautrin, 'vautrin is a feature').not.toBe(-1);
    expect(loaded.features).toEqual({
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      reasoningRunId: null,
      storedItems: 0,
      computedItems: 5,
    });
  });

  it('reads every table inside one read transaction, so the book cannot change between its statements', () => {
    // Each statement the loader prepares and runs: was a transaction open when it ran?
    const ran: boolean[] = [];
    const watched = new Proxy(db, {
      get(target, key, receiver) {
        if (key === 'prepare')
          return (sql: string) => {
            const statement = target.prepare(sql);
            return new Proxy(statement, {
              get(s, k) {
                const value = Reflect.get(s, k, s) as unknown;
                if (typeof value !== 'function') return value;
                return (...args: unknown[]) => {
                  if (k === 'all' || k === 'get' || k === 'iterate') ran.push(target.inTransaction);
                  return (value as (...a: unknown[]) => unknown).apply(s, args);
                };
              },
            });
          };
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { input } = loadEngineInput(watched, { reasoner: 'rules', now });
    expect(input.clientCount).toBeGreaterThan(0);
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(ran.every((inTransaction) => inTransaction)).toBe(true);
    expect(db.inTransaction).toBe(false);
  });

  it('makes the configured categories re-buyable', () => {
    const { input } = loadEngineInput(db, {
      reasoner: 'rules',
      now,
      consumableCategories: ['watches', 'Fragrances'],
    });
    expect([...input.consumable]).toEqual([0, 0, 1, 1, 0]);
  });

  it('gives the pieces of one variant group one code, whichever import wrote it, and -1 to the others', () => {
    // As a Shopify Handle or a WooCommerce Parent lands: the catalog's variant_group column.
    const group = db.prepare('UPDATE items SET variant_group = ? WHERE external_id = ?');
    group.run('maison-tote', 'TOTE');
    group.run('maison-tote', 'CARD');
    group.run('oud-edp', 'OUD');
    const { input } = loadEngineInput(db, { reasoner: 'rules', now });
    expect([...input.variantGroup!]).toEqual([0, -1, 1, -1, 0]);
  });

  it('uses a model reasoner’s stored features from completed runs, rules for the items it has not reasoned', () => {
    const run = (status: string): number =>
      Number(
        db
          .prepare(
            `INSERT INTO runs (kind, status, reasoner, model, prompt_version, started_at)
             VALUES ('reason', ?, 'llama', 'tiny.gguf', 'llama-1', ?)`,
          )
          .run(status, at).lastInsertRowid,
      );
    const done = run('completed');
    const unfinished = run('running');
    const feature = db.prepare(
      `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, model, prompt_version)
       VALUES (?, 'llama', ?, ?, ?, ?, 'tiny.gguf', 'llama-1')`,
    );
    feature.run(id['CHRONO'], 'Chronographs', 'craft', 0.9, done);
    feature.run(id['CHRONO'], 'Sporty', 'style', 0.7, done);
    feature.run(id['CHRONO'], 'sporty!', 'style', 0.8, done);
    feature.run(id['DRESS'], 'bohemian', 'style', 0.9, unfinished);

    const loaded = loadEngineInput(db, { reasoner: 'llama', now });
    expect(loaded.features).toEqual({
      reasoner: 'llama',
      model: 'tiny.gguf',
      promptVersion: 'llama-1',
      reasoningRunId: done,
      storedItems: 1,
      computedItems: 4,
    });
    expect(itemFeatureList(loaded.input, 3)).toEqual(['craft:chronograph:0.90', 'style:sporty:0.80']);
    expect(itemFeatureList(loaded.input, 1)).not.toContain('style:bohemian:0.90');

    // No completed openai run: the rules reasoner's features, said so.
    expect(loadEngineInput(db, { reasoner: 'openai', now }).features.reasoner).toBe('rules');
  });
});
