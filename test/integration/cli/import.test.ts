import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixture, sharedImport, tempDb, type TempDb } from '../../support/import.js';
import { repoRoot } from '../../support/paths.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
  t.db.close();
});
afterEach(() => t.close());

const cli = (...argv: string[]) => runCliCaptured(argv);

const stats = async (db: string) =>
  JSON.parse((await cli('stats', '--db', db, '--json')).out) as Record<string, number>;

describe('atelier import', () => {
  it('exits 0 with the counts, creating the database when it does not exist', async () => {
    const db = join(t.dir, 'new.db');
    const run = await cli(
      'import',
      '--db',
      db,
      '--items',
      fixture('items.csv'),
      '--clients',
      fixture('clients.csv'),
      '--interactions',
      fixture('interactions.csv'),
    );
    expect(run).toEqual({
      code: 0,
      out:
        'items        3 inserted, 0 updated, 0 unchanged\n' +
        'clients      3 inserted, 0 updated, 0 unchanged\n' +
        'interactions 5 inserted, 0 updated, 0 unchanged\n',
      err: '',
    });
    expect(existsSync(db)).toBe(true);
    expect(await stats(db)).toMatchObject({ items: 3, clients: 3, interactions: 5 });
    const again = await cli('import', '--db', db, '--items', fixture('items.csv'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ ok: true, counts: { items: { unchanged: 3 } } });
  });

  it('exits 1 with file:row:column: problem lines on stderr, and stats are unchanged', async () => {
    await cli('import', '--db', t.file, '--items', fixture('items.csv'), '--clients', fixture('clients.csv'));
    const before = await stats(t.file);
    const bad = fixture('bad-unknown-refs.csv');
    const run = await cli('import', '--db', t.file, '--interactions', bad);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      `${bad}:3:Client ID: client "C-404" is neither in the database nor in this import\n` +
        `${bad}:4:SKU: item "NOPE-9" is neither in the database nor in this import\n` +
        'atelier import: nothing was imported (2 problems)\n',
    );
    const quote = await cli('import', '--db', t.file, '--clients', fixture('bad-unbalanced-quote.csv'));
    expect(quote.code).toBe(1);
    expect(quote.err).toContain('bad-unbalanced-quote.csv:3: unbalanced quote');
    expect(await stats(t.file)).toEqual(before);
  });

  it('caps the problem lines with "and N more"', async () => {
    const file = join(t.dir, 'prices.csv');
    writeFileSync(
      file,
      ['SKU,Name,Price', ...Array.from({ length: 30 }, (_, i) => `P-${i},Piece,abc`)].join('\n'),
    );
    const run = await cli('import', '--db', t.file, '--items', file);
    expect(run.code).toBe(1);
    const lines = run.err.trimEnd().split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe(`${file}:2:Price: "abc" is not a price`);
    expect(lines[20]).toBe('and 10 more problems');
    expect(lines[21]).toBe('atelier import: nothing was imported (30 problems)');
  });

  it('reads presets and mapping files; a bad mapping is bad input (exit 1)', async () => {
    const run = await cli(
      'import',
      '--db',
      t.file,
      '--clients',
      sharedImport('prestashop/ps16_customers_import.csv'),
      '--preset',
      'prestashop-customers',
    );
    expect(run.code).toBe(0);
    expect(run.out).toBe('clients      9 inserted, 0 updated, 0 unchanged\n');
    const mapping = join(t.dir, 'mapping.json');
    writeFileSync(mapping, '{"items": {"columns": {"sku": "SKU"}}}');
    const bad = await cli('import', '--db', t.file, '--items', fixture('items.csv'), '--mapping', mapping);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('items.columns.sku: is not a field of items');
  });

  it('--skip-invalid: a file with 2 bad rows imports the rest, lists the 2, and writes them beside it', async () => {
    const file = join(t.dir, 'catalogue.csv');
    writeFileSync(
      file,
      [
        'SKU,Name,Price',
        'BAG-1,Tote,1200',
        'BAG-2,Clutch,abc',
        'BAG-3,Belt,350',
        'BAG-4,,90',
        'BAG-5,Pouch,40',
      ]
        .map((l) => l + '\n')
        .join(''),
    );
    const refused = await cli('import', '--db', t.file, '--items', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('nothing was imported (2 problems)');
    expect(existsSync(`${file}.skipped.csv`)).toBe(false);

    const run = await cli('import', '--db', t.file, '--items', file, '--skip-invalid');
    expect(run).toEqual({
      code: 0,
      out:
        'items        3 inserted, 0 updated, 0 unchanged, 2 skipped\n' +
        `skipped      2 rows of ${file} with problems, listed in ${file}.skipped.csv\n`,
      err: `${file}:3:Price: "abc" is not a price\n${file}:5:Name: is empty\n`,
    });
    expect(await stats(t.file)).toMatchObject({ items: 3 });
    expect(readFileSync(`${file}.skipped.csv`, 'utf8')).toBe(
      '\ufeffSkipped row,Problems,SKU,Name,Price\r\n' +
        '3,"Price: ""abc"" is not a price",BAG-2,Clutch,abc\r\n' +
        '5,Name: is empty,BAG-4,,90\r\n',
    );
    const json = await cli('import', '--db', t.file, '--items', file, '--skip-invalid', '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      ok: true,
      invalidRows: 2,
      counts: { items: { inserted: 0, updated: 0, unchanged: 3 } },
      files: [{ invalid: 2, skippedRowsFile: `${file}.skipped.csv` }],
    });
    const dir = join(t.dir, 'lists');
    mkdirSync(dir);
    const elsewhere = await cli(
      'import',
      '--db',
      t.file,
      '--items',
      file,
      '--skip-invalid',
      '--skipped-dir',
      dir,
    );
    expect(elsewhere.out).toContain(`listed in ${join(dir, 'catalogue.csv.skipped.csv')}\n`);
    expect(existsSync(join(dir, 'catalogue.csv.skipped.csv'))).toBe(true);
    const usage = await cli('import', '--db', t.file, '--items', file, '--skipped-dir', dir);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--skipped-dir goes with --skip-invalid');
    expect((await cli('import', '--help')).out).toContain('--skip-invalid');
  });

  it('exits 2 on wrong usage', async () => {
    const noFile = await cli('import', '--db', t.file);
    expect(noFile.code).toBe(2);
    expect(noFile.err).toContain('give at least one of --items, --clients, --interactions');
    expect((await cli('import', '--items', fixture('items.csv'))).err).toContain('--db is required');
    const preset = await cli(
      'import',
      '--db',
      t.file,
      '--items',
      fixture('items.csv'),
      '--preset',
      'magento',
    );
    expect(preset.code).toBe(2);
    expect(preset.err).toContain('no preset "magento" (presets: shopify-products, shopify-orders,');
    const both = await cli(
      'import',
      '--db',
      t.file,
      '--items',
      'a.csv',
      '--preset',
      'shopify-products',
      '--mapping',
      'm.json',
    );
    expect(both.code).toBe(2);
    expect((await cli('import', '--db', t.file, '--itmes', 'a.csv')).code).toBe(2);
    const help = await cli('import', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--preset NAME');
  });

  it('as a process: exit 1 on a malformed file and the row counts do not move', async () => {
    await cli('import', '--db', t.file, '--items', fixture('items.csv'));
    const before = await stats(t.file);
    const root = repoRoot;
    const failed = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'core/cli/main.ts', 'import', '--db', t.file, '--items', fixture('bad-types.csv')],
      { cwd: root, env: { ...process.env, ATELIER_LOG: 'silent' } },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('bad-types.csv:3:Price: "trois cents" is not a price');
    expect(await stats(t.file)).toEqual(before);
  });
});
