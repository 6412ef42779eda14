import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixture, snapshot, tempDb, type Snapshot, type TempDb } from '../../support/import.js';

/** Inputs that used to crash the importer (a stack trace instead of a report): each gets its own message. */

let t: TempDb;
let before: Snapshot;
beforeEach(async () => {
  t = tempDb();
  const seeded = await importFiles(t.db, { items: fixture('items.csv'), clients: fixture('clients.csv') });
  expect(seeded.ok).toBe(true);
  before = snapshot(t.db);
});
afterEach(() => t.close());

const tooBig =
  'a cell over 4 MB starts on row 3: a quote that is never closed, which takes in the rest of the file, ' +
  'or a value far too large for one cell; reading stopped there';

describe('inputs that crashed the importer get a report, and nothing is written', () => {
  it('a JSON value nested 100,000 levels deep names its record and column', async () => {
    const file = join(t.dir, 'items.json');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    writeFileSync(file, `[{"SKU": "OK-1", "Name": "Tote"}, {"SKU": "DEEP-1", "Name": ${deep}}]`);
    const report = await importFiles(t.db, { items: file });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      {
        severity: 'error',
        file,
        row: 2,
        column: 'Name',
        message: `"${'['.repeat(57)}..." is a list or an object, expected text`,
      },
    ]);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('a deeply nested object in a JSONL line, through the CLI: one report line, no stack trace', async () => {
    const file = join(t.dir, 'clients.jsonl');
    const deep = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    writeFileSync(file, `{"external_id": "C-9", "name": "Ana", "email": ${deep}}\n`);
    const run = await runCliCaptured(['import', '--db', t.file, '--clients', file]);
    expect(run).toEqual({
      code: 1,
      out: '',
      err:
        `${file}:1:email: "${'{"a":'.repeat(11)}{"..." is a list or an object, expected text\n` +
        'atelier import: nothing was imported (1 problem)\n',
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('an XLSX whose cells have no references (<c> without r=)', async () => {
    const file = fixture('bad-xlsx-no-cell-refs.xlsx');
    const report = await importFiles(t.db, { items: file });
    expect(report.issues).toEqual([
      {
        severity: 'error',
        file,
        row: null,
        column: null,
        message:
          'has cells without a cell reference (<c> without r="A1"): the program that wrote it leaves them ' +
          'out, and this reader needs them to place each cell in its column; open it in Excel or ' +
          'LibreOffice and save it again, or save it as CSV',
      },
    ]);
    expect(report.ok).toBe(false);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('an unbalanced quote that swallows a 6 MB file stops at 4 MB, naming where the cell starts', async () => {
    const file = join(t.dir, 'swallowed.csv');
    const rest = Array.from({ length: 250_000 }, (_, i) => `B-${i},Bag ${i},${i}`);
    writeFileSync(file, ['SKU,Name,Price', 'A-1,Tote,10', 'A-2,"Clutch,12', ...rest].join('\n') + '\n');
    const report = await importFiles(t.db, { items: file });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([{ severity: 'error', file, row: 3, column: 'Name', message: tooBig }]);
    expect(snapshot(t.db)).toEqual(before);
  });

  it('a 50 MB single quoted cell: a bounded message, not the cell', async () => {
    const file = join(t.dir, 'huge-cell.csv');
    writeFileSync(file, `SKU,Name,Price\nA-1,Tote,10\nA-2,"${'x'.repeat(50 << 20)}",12\nA-3,Bag,3\n`);
    const report = await importFiles(t.db, { items: file });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([{ severity: 'error', file, row: 3, column: 'Name', message: tooBig }]);
    expect(snapshot(t.db)).toEqual(before);
  });
});
