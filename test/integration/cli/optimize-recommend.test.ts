import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run.js';
import { latestCompletedRun } from '../../../core/db/runs/engine-store.js';
import { openDatabase } from '../../../core/db/open.js';
import { captureIo } from '../../support/cli-io.js';
import { completedRun, seed } from '../../support/small-boutique.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-engine-cli-'));
  file = join(dir, 'b.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function boutique(withRun: boolean): void {
  const db = openDatabase(file);
  const id = seed(db);
  if (withRun) completedRun(db, id);
  db.close();
}

describe('atelier recommend', () => {
  it('prints ranked items with their reasons', async () => {
    boutique(true);
    const io = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'C1'], io)).toBe(0);
    expect(io.stdout).toBe(
      [
        'Recommendations for Claire Dubois (C1), run 1:',
        '1. Reinach Chronograph [CHRONO] · Reinach  (score 0.900)',
        '   - 2 clients with similar taste bought it',
        '   - 3 clients with similar taste are drawn to chronograph pieces',
        '   - often follows the Card Holder Claire bought last',
        '   - popular in the boutique: wanted 3 times',
        '2. Bond Street Tote [TOTE] · Vautrin  (score 0.500)',
        '   - Claire’s interest in structured leather, from 2 purchases',
        '',
      ].join('\n'),
    );
    const one = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'C1', '--n', '1', '--json'], one)).toBe(0);
    const json = JSON.parse(one.stdout) as { runId: number; items: { item: { externalId: string } }[] };
    expect(json.runId).toBe(1);
    expect(json.items.map((i) => i.item.externalId)).toEqual(['CHRONO']);
  });

  it('says when a client refused profiling', async () => {
    boutique(true);
    const io = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'C3'], io)).toBe(0);
    expect(io.stdout).toBe('Zoé Martin (C3) has not consented to profiling: no personal recommendations.\n');
  });

  it('exits 1 for an unknown client, a database without a run or no database', async () => {
    boutique(false);
    const noRun = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'C1'], noRun)).toBe(1);
    expect(noRun.stderr).toContain('has no completed optimize run yet; run: atelier optimize --db');
    const unknown = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'NOPE'], unknown)).toBe(1);
    expect(unknown.stderr).toContain('no client with id "NOPE"');
    const missing = captureIo();
    expect(await runCli(['recommend', '--db', join(dir, 'none.db'), '--client', 'C1'], missing)).toBe(1);
    expect(missing.stderr).toContain('no such database file');
    const usage = captureIo();
    expect(await runCli(['recommend', '--db', file], usage)).toBe(2);
    expect(usage.stderr).toContain('--client is required');
  });
});

describe('atelier optimize', () => {
  it('runs with the given k and iterations, stores the run and prints its id', async () => {
    boutique(false);
    const io = captureIo();
    expect(
      await runCli(
        ['optimize', '--db', file, '--k', '2', '--iterations', '0', '--rebuy', 'Fragrance', '--json'],
        io,
      ),
    ).toBe(0);
    const outcome = JSON.parse(io.stdout) as {
      runId: number;
      iterations: unknown[];
      clients: number;
      items: number;
    };
    expect(outcome).toMatchObject({ runId: 1, iterations: [], clients: 5, items: 5 });
    const db = openDatabase(file, { readonly: true });
    const run = latestCompletedRun(db)!;
    db.close();
    expect(run.id).toBe(1);
    expect(run.params).toMatchObject({
      neighbours: 2,
      maxIterations: 0,
      requestedReasoner: 'rules',
      rebuyConsumables: true,
      consumableCategories: ['Fragrance'],
    });

    // A model reasoner with nothing stored falls back to the rules reasoner, and says so.
    const text = captureIo();
    expect(await runCli(['optimize', '--db', file, '--reasoner', 'llama'], text)).toBe(0);
    expect(text.stdout).toContain(
      'features: rules, rules-1; 0 items stored, 5 computed now (no completed llama reasoning run)',
    );
    expect(text.stdout.trim().split('\n').at(-1)).toBe('run 2');
    const recs = captureIo();
    expect(await runCli(['recommend', '--db', file, '--client', 'C1'], recs)).toBe(0);
    expect(recs.stdout).toContain('Recommendations for Claire Dubois (C1), run 2:');
  });

  it('refuses bad options and a missing database', async () => {
    const reasoner = captureIo();
    expect(await runCli(['optimize', '--db', file, '--reasoner', 'gpt'], reasoner)).toBe(2);
    expect(reasoner.stderr).toContain('--reasoner must be one of rules, llama, openai, not "gpt"');
    const k = captureIo();
    expect(await runCli(['optimize', '--db', file, '--k', '0'], k)).toBe(2);
    const iterations = captureIo();
    expect(await runCli(['optimize', '--db', file, '--iterations', '-1'], iterations)).toBe(2);
    const rebuy = captureIo();
    expect(await runCli(['optimize', '--db', file, '--rebuy', ' , '], rebuy)).toBe(2);
    const missing = captureIo();
    expect(await runCli(['optimize', '--db', join(dir, 'none.db')], missing)).toBe(1);
    expect(missing.stderr).toContain('no such database file');
  });
});
