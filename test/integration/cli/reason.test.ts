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
  it('reasons the first N demo items, then answers them all from the cache', async () => {
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
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.out.trim().split('\n').at(-1)!) as Record<string, number | string>;
    expect(summary).toMatchObject({ status: 'completed', total: 4, cached: 0, reasoned: 4 });
    expect(summary['tokensPerSecond']).toBeGreaterThan(0);

    const db = openDatabase(file, { readonly: true });
    const stored = db
      .prepare(
        `SELECT (SELECT count(*) FROM item_reasoning WHERE model = @m AND prompt_version = 'llm-1') +
                (SELECT count(*) FROM reasoning_failures WHERE model = @m) AS n`,
      )
      .pluck()
      .get({ m: summary['model'] });
    db.close();
    expect(stored).toBe(4);

    const again = await cli('reason', '--db', file, '--model', tinyChatModel, '--limit', '4', ...base);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /^reasoned 0, cached 4, failed \d of 4 \(0 model calls, 0 tokens\/s, run \d+\)\n$/,
    );
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
