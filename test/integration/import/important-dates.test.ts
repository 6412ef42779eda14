import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientDates, setClientDate } from '../../../core/db/outreach/dates.js';
import { importFiles, presets, type ImportMapping } from '../../../core/import/index.js';
import { rowsOf, sharedImport, snapshot, tempDb, type TempDb } from '../../support/import.js';

/** Birthdays, anniversaries and named dates read from a customers file into client_dates (issue 9). */

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

function write(name: string, lines: readonly string[]): string {
  const file = join(t.dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const datesOfBook = () =>
  rowsOf(
    t.db,
    `SELECT c.external_id AS client, d.label, d.month, d.day, d.year
     FROM client_dates d JOIN clients c ON c.id = d.client_id ORDER BY c.external_id, d.label`,
  );

const idOf = (externalId: string) =>
  rowsOf<{ id: number }>(t.db, 'SELECT id FROM clients WHERE external_id = ?', externalId)[0]!.id;

/** A named date is mapped by its label; birthday and anniversary columns are found by their headers. */
const mapping: ImportMapping = { clients: { columns: { 'dates.Name day': 'Fête' } } };

const book = (rows: readonly string[]) =>
  write('clients.csv', ['Client ID,Name,Date of birth,Wedding anniversary,Fête', ...rows]);

const goodRows = [
  'C-1,Ana Lopez,1987-04-02,2012-06-16,--07-26',
  'C-2,Bea Roy,29/02,,',
  'C-3,Chloé Martin,0000-00-00,14 March,',
  'C-4,Dora Weiss,,,',
];

describe('important dates in a customers file', () => {
  it('writes each date with its label, and the year when the file gives one', async () => {
    const report = await importFiles(t.db, { clients: book(goodRows), mapping });
    expect(report.issues).toEqual([]);
    expect(report.counts.clients).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    expect(report.files[0]?.ignoredColumns).toEqual([]);
    expect(datesOfBook()).toEqual([
      { client: 'C-1', label: 'Anniversary', month: 6, day: 16, year: 2012 },
      { client: 'C-1', label: 'Birthday', month: 4, day: 2, year: 1987 },
      { client: 'C-1', label: 'Name day', month: 7, day: 26, year: null },
      { client: 'C-2', label: 'Birthday', month: 2, day: 29, year: null },
      { client: 'C-3', label: 'Anniversary', month: 3, day: 14, year: null },
    ]);
  });

  it('re-importing the same file changes nothing', async () => {
    const file = book(goodRows);
    await importFiles(t.db, { clients: file, mapping });
    const before = snapshot(t.db);
    const again = await importFiles(t.db, { clients: file, mapping });
    expect(again.counts.clients).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('a blank cell keeps the dates typed in the profile; a new date in the file moves them', async () => {
    await importFiles(t.db, { clients: book(goodRows), mapping });
    const [bea, dora] = [idOf('C-2'), idOf('C-4')];
    // Typed in the profile: Dora's birthday in lower case, a date no file has, and Bea's birth year.
    setClientDate(t.db, dora, { label: 'birthday', month: 5, day: 9, year: 1990 });
    setClientDate(t.db, dora, { label: 'First visit', month: 1, day: 15 });
    setClientDate(t.db, bea, { label: 'Birthday', month: 2, day: 29, year: 1988 });

    const again = await importFiles(t.db, { clients: book(goodRows), mapping });
    expect(again.counts.clients).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    // The file's "29/02" is the day the profile knows: its year stays.
    expect(clientDates(t.db, bea).map((d) => [d.label, d.month, d.day, d.year])).toEqual([
      ['Birthday', 2, 29, 1988],
    ]);
    expect(clientDates(t.db, dora).map((d) => [d.label, d.month, d.day, d.year])).toEqual([
      ['First visit', 1, 15, null],
      ['birthday', 5, 9, 1990],
    ]);

    const moved = await importFiles(t.db, {
      clients: book([...goodRows.slice(0, 3), 'C-4,Dora Weiss,10/05/1990,,']),
      mapping,
    });
    expect(moved.counts.clients).toEqual({ inserted: 0, updated: 1, unchanged: 3 });
    // One birthday, not a second one in other letters; the date the file does not name is left alone.
    expect(clientDates(t.db, dora).map((d) => [d.label, d.month, d.day, d.year])).toEqual([
      ['First visit', 1, 15, null],
      ['birthday', 5, 10, 1990],
    ]);
  });

  it('an impossible date is an error naming the row, the column and the value; nothing is written', async () => {
    const before = snapshot(t.db);
    const file = book([
      goodRows[0]!,
      'C-2,Bea Roy,2023-02-30,,',
      'C-3,Chloé Martin,,31/04,',
      'C-4,Dora Weiss,2023-02-29,,',
    ]);
    const report = await importFiles(t.db, { clients: file, mapping });
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.severity, i.row, i.column, i.message])).toEqual([
      ['error', 3, 'Date of birth', '"2023-02-30" is not a date: February has no day 30'],
      [
        'error',
        4,
        'Wedding anniversary',
        '"31/04" is not a date: April has no day 31 (read as dd/mm; set "dateFormat" in the mapping)',
      ],
      ['error', 5, 'Date of birth', '"2023-02-29" is not a date: 2023 has no 29 February'],
    ]);
    expect(report.counts.clients).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('with skipInvalid, a client whose date is impossible is left out with her dates, the others written', async () => {
    const file = book([goodRows[0]!, 'C-2,Bea Roy,2023-02-30,,--06-01', goodRows[3]!]);
    const report = await importFiles(
      t.db,
      { clients: file, mapping },
      { skipInvalid: true, skippedRowsFile: (f) => `${f}.skipped.csv` },
    );
    expect(report.ok).toBe(true);
    expect(report.invalidRows).toBe(1);
    expect(report.counts.clients).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(rowsOf(t.db, 'SELECT external_id FROM clients ORDER BY id')).toEqual([
      { external_id: 'C-1' },
      { external_id: 'C-4' },
    ]);
    expect(datesOfBook().map((d) => (d as { client: string }).client)).toEqual(['C-1', 'C-1', 'C-1']);
  });

  it('reads the day order of the mapping, and named dates from a JSON export', async () => {
    const us = write('us.csv', ['Customer ID,Name,Birthday', 'U-1,Eve Stone,04/02/1987', 'U-2,Fay Wu,12/25']);
    await importFiles(t.db, { clients: us, mapping: { options: { dateFormat: 'mm/dd/yyyy' } } });
    const json = join(t.dir, 'clients.json');
    writeFileSync(
      json,
      JSON.stringify([{ id: 'J-1', name: 'Gia Moretti', birthdate: '1979-11-30', graduation: '2001-07-01' }]),
    );
    await importFiles(t.db, {
      clients: json,
      mapping: { clients: { columns: { 'dates.Graduation': 'graduation' } } },
    });
    expect(datesOfBook()).toEqual([
      { client: 'J-1', label: 'Birthday', month: 11, day: 30, year: 1979 },
      { client: 'J-1', label: 'Graduation', month: 7, day: 1, year: 2001 },
      { client: 'U-1', label: 'Birthday', month: 4, day: 2, year: 1987 },
      { client: 'U-2', label: 'Birthday', month: 12, day: 25, year: null },
    ]);
  });
});

describe('PrestaShop customers', () => {
  it('the real export: each customer’s birthday, with its year', async () => {
    const report = await importFiles(t.db, {
      clients: sharedImport('prestashop/ps16_customers_import.csv'),
      mapping: presets['prestashop-customers'],
    });
    expect(report.issues).toEqual([]);
    expect(report.files[0]?.ignoredColumns).not.toContain('Birthday (yyyy-mm-dd)');
    const dates = datesOfBook();
    expect(dates).toHaveLength(9);
    expect(dates.slice(0, 3)).toEqual([
      { client: '1', label: 'Birthday', month: 4, day: 2, year: 1987 },
      { client: '2', label: 'Birthday', month: 11, day: 12, year: 1989 },
      { client: '3', label: 'Birthday', month: 2, day: 28, year: 1982 },
    ]);
  });

  it('0000-00-00, PrestaShop’s "no birthday", writes no date and is no error', async () => {
    const file = write('customers.csv', [
      'Customer ID;Active (0/1);Email *;Birthday (yyyy-mm-dd);Last Name *;First Name *',
      '1;1;ana@example.com;0000-00-00;Lopez;Ana',
      '2;1;bea@example.com;1990-02-29;Roy;Bea',
      '3;1;cleo@example.com;1992-02-29;Martin;Cléo',
    ]);
    const refused = await importFiles(t.db, { clients: file, mapping: presets['prestashop-customers'] });
    expect(refused.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Birthday (yyyy-mm-dd)', '"1990-02-29" is not a date: 1990 has no 29 February'],
    ]);
    const fixed = write('customers.csv', [
      'Customer ID;Active (0/1);Email *;Birthday (yyyy-mm-dd);Last Name *;First Name *',
      '1;1;ana@example.com;0000-00-00;Lopez;Ana',
      '3;1;cleo@example.com;1992-02-29;Martin;Cléo',
    ]);
    const report = await importFiles(t.db, { clients: fixed, mapping: presets['prestashop-customers'] });
    expect(report.issues).toEqual([]);
    expect(report.counts.clients).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(datesOfBook()).toEqual([{ client: '3', label: 'Birthday', month: 2, day: 29, year: 1992 }]);
  });
});
