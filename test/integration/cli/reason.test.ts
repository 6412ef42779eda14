import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { tinyChatModel } from '../../support/llm.js';
import { runCliCaptured } from '../../support/cli-io.js';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-reason-cli-'));
  file = join(dir, 'demo.db');
  const db = openDatabase(file);
  seedDemo(db, { clients: 50, items: 200 }, () => '2025-10-01T00:00:00.000Z');
  db.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCliCaptured(argv);

const base = ['--threads', '1', '--cpu', '--parallel', '2'];

describe('atelier reason', () => {
  it('stops a run of the random model as not usable, says why, and answers the same from the cache', async () => {
    // Before the plausibility gate this run "completed" and stored the random model's gibberish as features.
    const first = await cli(
      'reason',
      '--db',
      file,
      '--model',
      tinyChatModel,
      '--limit',
      '4',
      '--json',
      ...base,
    );
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ status: 'failed', total: 4, cached: 0 });
    expect(summary['error']).toMatch(/^the model's output is not usable: 1 of its first 1 answers failed/);
    expect(summary['tokensPerSecond']).toBeGreaterThan(0);
    const [report, ...reasons] = first.err.trim().split('\n');
    expect(report).toBe(summary['error']);
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    for (const line of reasons)
      expect(line).toMatch(/^ {2}item \d+ \(.+\): (not words|ungrounded|echo|repeated): /);

    const db = openDatabase(file, { readonly: true });
    const stored = db
      .prepare(
        `SELECT (SELECT count(*) FROM item_features WHERE model = @m) AS features,
                (SELECT count(*) FROM reasoning_failures WHERE model = @m AND step = 'gate') AS refused`,
      )
      .get({ m: summary['model'] });
    db.close();
    expect(stored).toEqual({ features: 0, refused: summary['failed'] });

    // The unfinished run is resumed: its cached answers are judged again, without a model call.
    const again = await cli('reason', '--db', file, '--model', tinyChatModel, '--limit', '4', ...base);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(
      /^reasoned 0, cached \d, failed \d of 4 \(0 model calls, 0 tokens\/s, run \d+\) — run failed: the model's output is not usable: /,
    );
    expect(again.err).toContain("the model's output is not usable");
  });

  it('refuses wrong usage and bad files with a clear message', async () => {
    const both = await cli(
      'reason',
      '--db',
      file,
      '--model',
      tinyChatModel,
      '--endpoint',
      'http://127.0.0.1:1',
    );
    expect(both.code).toBe(2);
    expect(both.err).toContain('give exactly one of --model FILE or --endpoint URL');
    const missing = await cli('reason', '--db', file, '--model', join(dir, 'none.gguf'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.gguf: no such model file');
    const noDb = await cli('reason', '--db', join(dir, 'nope.db'), '--model', tinyChatModel);
    expect(noDb.code).toBe(1);
    expect(noDb.err).toContain('no such database file');
    const mixed = await cli('reason', '--db', file, '--endpoint', 'http://127.0.0.1:1', '--threads', '2');
    expect(mixed.code).toBe(2);
    const help = await cli('reason', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('ATELIER_OPENAI_API_KEY');
  });
});
