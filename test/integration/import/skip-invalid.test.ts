import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { importAndRefresh } from '../../../core/jobs/import.js';
import { rowsOf, snapshot, tempDb, type TempDb } from '../../support/import.js';

/** Partial import as an explicit choice: skipInvalid imports the valid rows and lists the others. */

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

function write(name: string, lines: readonly string[]): string {
  const file = join(t.dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const catalog = () =>
  write('items.csv', [
    'SKU,Name,Price',
    'BAG-1,Tote,1200',
    'BAG-2,Clutch,trois cents',
    'BAG-3,,800',
    'BAG-4,Belt,350',
  ]);
const book = () => write('clients.csv', ['Client ID,Name', 'C-1,Ana Lopez', 'C-2,Bea Roy']);
const sales = () =>
  write('sales.csv', [
    'Client ID,SKU,Kind,Date',
    'C-1,BAG-1,purchase,2025-01-02',
    'C-1,BAG-2,purchase,2025-01-03',
    'C-2,BAG-4,purchase,2025-01-04',
    'C-2,BAG-4,purchase,2025-01-04',
    'C-2,BAG-3,wishlist,2025-01-05',
  ]);

describe('skipInvalid', () => {
  it('imports the valid rows in one go, leaves out the 2 bad ones and the rows that name them', async () => {
    const [items, clients, interactions] = [catalog(), book(), sales()];
    const report = await importFiles(
      t.db,
      { items, clients, interactions },
      { skipInvalid: true, skippedRowsFile: (file) => `${file}.skipped.csv` },
    );
    expect(report.ok).toBe(true);
    expect(report.invalidRows).toBe(4);
    expect(report.counts).toEqual({
      items: { inserted: 2, updated: 0, unchanged: 0 },
      clients: { inserted: 2, updated: 0, unchanged: 0 },
      interactions: { inserted: 2, updated: 0, unchanged: 0 },
    });
    expect(report.files.map((f) => [f.entity, f.rows, f.invalid, f.skippedRowsFile])).toEqual([
      ['items', 4, 2, `${items}.skipped.csv`],
      ['clients', 2, 0, null],
      ['interactions', 5, 2, `${interactions}.skipped.csv`],
    ]);
    expect(report.issues.map((i) => [i.severity, i.file, i.row, i.column, i.message])).toEqual([
      ['error', items, 3, 'Price', '"trois cents" is not a price'],
      ['error', items, 4, 'Name', 'is empty'],
      ['error', interactions, 3, 'SKU', 'item "BAG-2" is left out: items.csv row 3 has problems'],
      ['error', interactions, 6, 'SKU', 'item "BAG-3" is left out: items.csv row 4 has problems'],
      [
        'warning',
        interactions,
        5,
        null,
        'same client, item, kind and time as row 4: counted as one line, quantities added',
      ],
    ]);
    expect(rowsOf(t.db, 'SELECT external_id FROM items ORDER BY id')).toEqual([
      { external_id: 'BAG-1' },
      { external_id: 'BAG-4' },
    ]);
    expect(readFileSync(`${items}.skipped.csv`, 'utf8')).toBe(
      '\ufeffSkipped row,Problems,SKU,Name,Price\r\n' +
        '3,"Price: ""trois cents"" is not a price",BAG-2,Clutch,trois cents\r\n' +
        '4,Name: is empty,BAG-3,,800\r\n',
    );
    // The skipped rows' file, fixed, imports on its own (its two extra columns are only shown as ignored).
    const fixed = write('fixed.csv', [
      'Skipped row,Problems,SKU,Name,Price',
      '3,,BAG-2,Clutch,300',
      '4,,BAG-3,Wallet,800',
    ]);
    const again = await importFiles(t.db, { items: fixed });
    expect(again.ok).toBe(true);
    expect(again.counts.items.inserted).toBe(2);
    expect(again.files[0]!.ignoredColumns).toEqual(['Skipped row', 'Problems']);
  });

  it('without it, the same files are refused whole, as before', async () => {
    const before = snapshot(t.db);
    const report = await importFiles(t.db, { items: catalog(), clients: book(), interactions: sales() });
    expect(report.ok).toBe(false);
    expect(report.invalidRows).toBe(0);
    // One problem, one message: the interactions naming the bad items are not reported again.
    expect(report.errorCount).toBe(2);
    expect(snapshot(t.db)).toEqual(before);
    expect(existsSync(join(t.dir, 'items.csv.skipped.csv'))).toBe(false);
  });

  it('a record is all its rows: one bad continuation row leaves out its whole product', async () => {
    const items = write('products.csv', [
      'Handle,SKU,Title,Price',
      'tote,TOTE-1,Tote,1200',
      'tote,TOTE-1,,douze',
      'tote,TOTE-1,,',
      'belt,BELT-1,Belt,350',
    ]);
    const report = await importFiles(
      t.db,
      { items, mapping: { items: { fillDown: 'Handle' } } },
      { skipInvalid: true },
    );
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Price', '"douze" is not a price'],
      // Row 4 leaves its price blank: it is filled down from row 3.
      [4, 'Price', '"douze" is not a price'],
      [2, null, 'belongs with row 3, which has problems'],
    ]);
    expect(report.files[0]).toMatchObject({ invalid: 3, skippedRowsFile: null });
    expect(rowsOf(t.db, 'SELECT external_id FROM items')).toEqual([{ external_id: 'BELT-1' }]);
  });

  it('a file that cannot be read through is still refused whole', async () => {
    const before = snapshot(t.db);
    const items = write('broken.csv', ['SKU,Name', 'A-1,Tote', 'A-2,"Clutch', 'A-3,Belt']);
    const report = await importFiles(t.db, { items, clients: book() }, { skipInvalid: true });
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.row, i.message])).toEqual([
      [3, 'unbalanced quote: the quoted cell that starts on row 3 is never closed'],
    ]);
    const missing = write('no-sku.csv', ['Name,Price', 'Tote,12']);
    expect((await importFiles(t.db, { items: missing }, { skipInvalid: true })).ok).toBe(false);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('an interaction whose client row is left out is left out too, saying which row', async () => {
    const clients = write('book.csv', [
      'Client ID,Name,Consent profiling',
      'C-1,Ana Lopez,yes',
      'C-2,Bea Roy,peut-être',
    ]);
    const interactions = write('visits.csv', [
      'Client ID,SKU,Kind,Date',
      'C-1,BAG-1,try-on,2025-01-02',
      'C-2,BAG-1,try-on,2025-01-03',
    ]);
    const items = write('one.csv', ['SKU,Name', 'BAG-1,Tote']);
    const report = await importFiles(t.db, { items, clients, interactions }, { skipInvalid: true });
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.file, i.row, i.column, i.message])).toEqual([
      [clients, 3, 'Consent profiling', '"peut-être" is not yes/no (map it with "booleans" in the mapping)'],
      [interactions, 3, 'Client ID', 'client "C-2" is left out: book.csv row 3 has problems'],
    ]);
    expect(report.counts.interactions.inserted).toBe(1);
  });

  it('an order line in error is left out alone; the same client on a good line is still created', async () => {
    const interactions = write('orders.csv', [
      'Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price,Billing Name,Accepts Marketing',
      '#1,ana@example.com,2025-03-01,1,Tote,10.00,Ana Lopez,yes',
      '#2,bea@example.com,2025-03-02,1,Belt,5.00,Bea Roy,peut-être',
      '#3,bea@example.com,2025-03-03,1,Tote,10.00,Bea Roy,',
    ]);
    const report = await importFiles(
      t.db,
      { interactions, mapping: { extends: 'shopify-orders' } },
      { skipInvalid: true },
    );
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Accepts Marketing', 'client "peut-être" is not yes/no (map it with "booleans" in the mapping)'],
    ]);
    expect(report.files[0]).toMatchObject({ rows: 3, invalid: 1 });
    expect(report.counts.interactions.inserted).toBe(2);
    expect(rowsOf(t.db, 'SELECT external_id FROM clients ORDER BY id')).toEqual([
      { external_id: 'ana@example.com' },
      { external_id: 'bea@example.com' },
    ]);
  });

  it('the workflow writes beside the input or in skippedDir, and a dry run writes none', async () => {
    const items = catalog();
    const dry = await importAndRefresh(t.db, { items }, { skipInvalid: true, dryRun: true });
    expect(dry.report).toMatchObject({ ok: true, invalidRows: 2 });
    expect(dry.report.files[0]!.skippedRowsFile).toBeNull();
    expect(existsSync(`${items}.skipped.csv`)).toBe(false);
    expect(rowsOf(t.db, 'SELECT external_id FROM items')).toEqual([]);

    const dir = join(t.dir, 'skipped');
    mkdirSync(dir);
    const real = await importAndRefresh(t.db, { items }, { skipInvalid: true, skippedDir: dir });
    expect(real.report.files[0]!.skippedRowsFile).toBe(join(dir, 'items.csv.skipped.csv'));
    expect(readFileSync(join(dir, 'items.csv.skipped.csv'), 'utf8').split('\r\n')).toHaveLength(4);

    // A folder it cannot write to: nothing is imported rather than the list lost.
    const before = snapshot(t.db);
    const other = write('more.csv', ['SKU,Name,Price', 'BAG-9,Pouch,90', 'BAG-10,Wallet,x']);
    const refused = await importAndRefresh(
      t.db,
      { items: other },
      { skipInvalid: true, skippedDir: join(t.dir, 'nowhere') },
    );
    expect(refused.report.ok).toBe(false);
    expect(refused.report.issues.at(-1)?.message).toMatch(
      /^cannot write its 1 skipped row to .*nowhere\/more\.csv\.skipped\.csv \(ENOENT: .*\): nothing was imported$/,
    );
    expect(snapshot(t.db)).toEqual(before);
  });
});
