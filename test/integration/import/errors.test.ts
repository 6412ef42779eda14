import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, loadMapping, MappingError, type ImportFiles } from '../../../core/import/index.js';
import { fixture, snapshot, tempDb, type Snapshot, type TempDb } from '../../support/import.js';

let t: TempDb;
let before: Snapshot;
beforeEach(async () => {
  t = tempDb();
  // A database with a catalog and clients in it: a failed import must leave them exactly as they are.
  const seeded = await importFiles(t.db, {
    items: fixture('items.csv'),
    clients: fixture('clients.csv'),
    interactions: fixture('interactions.csv'),
  });
  expect(seeded.ok).toBe(true);
  before = snapshot(t.db);
});
afterEach(() => t.close());

/** Imports, expects failure with nothing written, and returns the issues as [row, column, message]. */
async function failing(files: ImportFiles): Promise<[number | null, string | null, string][]> {
  const report = await importFiles(t.db, files);
  expect(report.ok).toBe(false);
  expect(report.counts.items).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
  expect(snapshot(t.db)).toEqual(before);
  return report.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column, i.message]);
}

describe('a bad file is reported (file, row, column, problem) and nothing is written', () => {
  it('malformed CSV: an unbalanced quote', async () => {
    const file = fixture('bad-unbalanced-quote.csv');
    const report = await importFiles(t.db, { clients: file });
    expect(report.issues).toEqual([
      {
        severity: 'error',
        file,
        row: 3,
        column: null,
        message: 'unbalanced quote: the quoted cell that starts on row 3 is never closed',
      },
    ]);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('wrong types: a price in words, a currency that is not a code', async () => {
    expect(await failing({ items: fixture('bad-types.csv') })).toEqual([
      [3, 'Price', '"trois cents" is not a price'],
      [4, 'Currency', 'is not an ISO 4217 code'],
    ]);
  });

  it('missing required columns', async () => {
    const issues = await failing({ items: fixture('bad-missing-column.csv') });
    expect(issues).toHaveLength(1);
    expect(issues[0]![2]).toMatch(
      /^missing a column for externalId \(looked for: external id, sku, variant sku, reference, .*\); name it in the mapping's "columns" \(the file's columns: Name, Price\)$/,
    );
  });

  it('interactions naming an unknown client or item fail the import, row by row', async () => {
    expect(await failing({ interactions: fixture('bad-unknown-refs.csv') })).toEqual([
      [3, 'Client ID', 'client "C-404" is neither in the database nor in this import'],
      [4, 'SKU', 'item "NOPE-9" is neither in the database nor in this import'],
    ]);
  });

  it('duplicate external ids within a file', async () => {
    expect(await failing({ items: fixture('bad-duplicate-ids.csv') })).toEqual([
      [4, 'SKU', 'duplicate external id "DUP-1" (first on row 2)'],
    ]);
  });

  it('an empty file, a header without rows, a binary file renamed .csv, a row with too many cells', async () => {
    expect(await failing({ items: fixture('bad-empty.csv') })).toEqual([[null, null, 'the file is empty']]);
    expect(await failing({ items: fixture('bad-header-only.csv') })).toEqual([
      [null, null, 'has a header but no rows below it'],
    ]);
    expect(await failing({ items: fixture('bad-binary.csv') })).toEqual([
      [null, null, 'is not a text file: it looks like a PNG image'],
    ]);
    expect(await failing({ items: fixture('bad-ragged.csv') })).toEqual([
      [3, null, 'has 4 cells but the header has 3 columns (a value holding the delimiter without quotes?)'],
    ]);
    expect(await failing({ items: join(t.dir, 'nowhere.csv') })).toEqual([[null, null, 'no such file']]);
  });

  it('text renamed .xlsx, and a JSON file that is not JSON', async () => {
    const fake = join(t.dir, 'catalog.xlsx');
    writeFileSync(fake, 'SKU,Name\nA,B\n');
    expect(await failing({ items: fake })).toEqual([
      [null, null, 'is not a valid .xlsx workbook (it holds text)'],
    ]);
    const json = join(t.dir, 'items.json');
    writeFileSync(json, '[\n  {"externalId": "A", "title": "B"},\n  {"externalId": "C" "title": "D"}\n]');
    const [issue] = await failing({ items: json });
    expect(issue![2]).toMatch(/^is not valid JSON \(line 3\): /);
  });

  it('Latin-1 bytes in a file the mapping says is UTF-8', async () => {
    const issues = await failing({
      clients: fixture('clients-cp1252.csv'),
      mapping: { options: { encoding: 'utf-8' } },
    });
    expect(issues).toEqual([
      [
        null,
        null,
        'is not valid utf-8 text after byte 0: save it as UTF-8, or set "encoding" (e.g. "windows-1252") in the mapping options',
      ],
    ]);
  });

  it('one bad file fails the whole import: the good files of the same call are not written either', async () => {
    const items = join(t.dir, 'new-items.csv');
    writeFileSync(items, 'SKU,Name\nNEW-1,Nouveau\n');
    const report = await importFiles(t.db, { items, clients: fixture('bad-unbalanced-quote.csv') });
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.rows)).toEqual([1, 1]);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('reports every bad row, not just the first, and keeps exact totals past the kept issues', async () => {
    const file = join(t.dir, 'prices.csv');
    writeFileSync(
      file,
      ['SKU,Name,Price', ...Array.from({ length: 40 }, (_, i) => `P-${i},Piece,abc`)].join('\n'),
    );
    const report = await importFiles(t.db, { items: file }, { maxIssues: 25 });
    expect(report.errorCount).toBe(40);
    expect(report.issues).toHaveLength(25);
    expect(report.issues.map((i) => i.row)).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
    expect(snapshot(t.db)).toEqual(before);
  });

  it('a bad value in any field names its column: dates, kinds, quantities, yes/no', async () => {
    const file = join(t.dir, 'events.csv');
    writeFileSync(
      file,
      [
        'Client ID,SKU,Kind,Qty,Date',
        'C-001,BAG-001,purchase,1,31/02/2025',
        'C-001,BAG-001,gift,1,2025-02-01',
        'C-001,BAG-001,view,1.5,2025-02-01',
        'C-001,,view,1,2025-02-01',
      ].join('\n'),
    );
    expect(await failing({ interactions: file })).toEqual([
      [2, 'Date', '"31/02/2025" is not a valid date (read as dd/mm/yyyy; set "dateFormat" in the mapping)'],
      [
        3,
        'Kind',
        '"gift" is not an interaction kind (purchase, return, try-on, wishlist, view; map others with "kinds" in the mapping)',
      ],
      [4, 'Qty', '"1.5" is not a whole number'],
      [5, 'SKU', 'is empty'],
    ]);
    const clients = join(t.dir, 'consent.csv');
    writeFileSync(clients, 'Client ID,Name,Consent profiling\nC-9,Ana,peut-être\n');
    expect(await failing({ clients })).toEqual([
      [2, 'Consent profiling', '"peut-être" is not yes/no (map it with "booleans" in the mapping)'],
    ]);
  });
});

describe('a bad mapping file', () => {
  it('is refused with every problem listed, before any file is read', async () => {
    const file = join(t.dir, 'mapping.json');
    writeFileSync(
      file,
      JSON.stringify({ items: { columns: { sku: 'SKU' } }, options: { dateFormat: 'dd-mm' } }),
    );
    await expect(loadMapping(file)).rejects.toThrow(MappingError);
    await expect(loadMapping(file)).rejects.toThrow(/items\.columns\.sku: is not a field of items/);
    writeFileSync(file, '{ "items": ');
    await expect(loadMapping(file)).rejects.toThrow(/the mapping is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ "items": ');
  });
});
