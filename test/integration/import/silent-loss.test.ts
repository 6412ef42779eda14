import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { fixedClock } from '../../../core/clock.js';
import { updateOutreachSettings } from '../../../core/db/outreach/settings.js';
import { importAndRefresh } from '../../../core/jobs/import.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { rowsOf, snapshot, tempDb, type TempDb } from '../../support/import.js';
import { openDatabase } from '../../../core/db/open.js';

// Nothing lost or wrong in silence (issue 12, item 3): each case was taken as it came before.
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const write = (name: string, text: string) => {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
};

/** Imports, expects a refusal with nothing written, and returns the errors as [row, column, message]. */
async function refused(files: Parameters<typeof importFiles>[1]) {
  const before = snapshot(t.db);
  const report = await importFiles(t.db, files, { clock: fixedClock('2026-06-01T12:00:00.000Z') });
  expect(report.ok).toBe(false);
  expect(snapshot(t.db)).toEqual(before);
  return report.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column, i.message]);
}

describe('values that used to pass wrong', () => {
  it('refuses a year before 1900 (0001 became 1901) and a date more than a year ahead (2099 passed)', async () => {
    const clients = write('clients.csv', 'Client number,Full name\nC1,Ana\nC2,Léa\n');
    const items = write('items.csv', 'SKU,Title\nI1,Tote\n');
    const interactions = write(
      'interactions.csv',
      [
        'Client,SKU,Kind,Date',
        'C1,I1,purchase,0001-01-01',
        'C1,I1,purchase,2099-03-04',
        'C2,I1,purchase,2027-05-31',
        'C2,I1,purchase,2027-06-03',
        'C2,I1,purchase,2026-05-30',
      ].join('\n'),
    );
    expect(await refused({ clients, items, interactions })).toEqual([
      [2, 'Date', '"0001-01-01" is not a plausible date (the year 1 is before 1900)'],
      [3, 'Date', '"2099-03-04" is more than a year in the future'],
      [5, 'Date', '"2027-06-03" is more than a year in the future'],
    ]);
  });

  it('refuses ids and phones that Excel shortened to a number ("7.02255E+12"): their digits are lost', async () => {
    const clients = write(
      'clients.csv',
      [
        'Client number,Full name,Phone',
        '7.02255E+12,Ana,',
        'C2,Léa,4.4E+11',
        'C3,Inès,+44 20 7946 0000',
      ].join('\n'),
    );
    const message = (v: string) =>
      `"${v}" is a number Excel shortened: its digits are lost. Format the column as Text in Excel (or export it again from the source system) and import the file again`;
    expect(await refused({ clients })).toEqual([
      [2, 'Client number', message('7.02255E+12')],
      [3, 'Phone', message('4.4E+11')],
    ]);
  });
});

describe('fields that used to be lost', () => {
  it('keeps the email when the email column is also the client id', async () => {
    const clients = write(
      'customers.csv',
      'Email,First Name,Last Name\nana@example.com,Ana,Lopes\nlea@example.com,Léa,Dubois\n',
    );
    const report = await importFiles(t.db, { clients });
    expect(report.ok).toBe(true);
    expect(rowsOf(t.db, 'SELECT external_id, name, email FROM clients ORDER BY external_id')).toEqual([
      { external_id: 'ana@example.com', name: 'Ana Lopes', email: 'ana@example.com' },
      { external_id: 'lea@example.com', name: 'Léa Dubois', email: 'lea@example.com' },
    ]);
  });
});

describe('columns that used to be dropped without a word', () => {
  it('says which of two columns with one header it reads', async () => {
    const items = write('items.csv', 'SKU,Title,Price,Title\nI1,Tote,120,Tote bag in cognac\n');
    const report = await importFiles(t.db, { items });
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.severity, i.row, i.column, i.message])).toEqual([
      [
        'warning',
        null,
        'Title',
        'the file has 2 columns named "Title" (columns 2, 4): column 2 is read, column 4 ("Title") is not',
      ],
    ]);
    expect(rowsOf(t.db, 'SELECT title FROM items')).toEqual([{ title: 'Tote' }]);
  });
});

describe('prices without a currency', () => {
  const products = () =>
    write('products.csv', 'SKU,Title,Price\nI1,Tote,120.00\nI2,Scarf,€80\nI3,Card holder,95.5\n');
  const prices = () =>
    rowsOf(t.db, 'SELECT external_id, price_minor, currency FROM items ORDER BY external_id');

  it("take the boutique's currency from the settings, and the report says how many did", async () => {
    updateOutreachSettings(t.db, { currency: 'GBP' }, '2026-06-01T00:00:00.000Z');
    const { report } = await importAndRefresh(t.db, { items: products() });
    expect(report.ok).toBe(true);
    expect(prices()).toEqual([
      { external_id: 'I1', price_minor: 12000, currency: 'GBP' },
      { external_id: 'I2', price_minor: 8000, currency: 'EUR' },
      { external_id: 'I3', price_minor: 9550, currency: 'GBP' },
    ]);
    expect(report.issues.map((i) => [i.severity, i.message])).toEqual([
      ['warning', "2 prices in this file carry no currency: read as GBP, the boutique's currency"],
    ]);
  });

  it('take --currency from the CLI over the settings, and refuse a code that is not one', async () => {
    updateOutreachSettings(t.db, { currency: 'GBP' }, '2026-06-01T00:00:00.000Z');
    t.db.close();
    const file = products();
    const bad = await runCliCaptured(['import', '--db', t.file, '--items', file, '--currency', 'euro']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--currency "euro" is not an ISO 4217 code such as EUR, USD or GBP');
    const run = await runCliCaptured(['import', '--db', t.file, '--items', file, '--currency', 'chf']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain(
      "2 prices in this file carry no currency: read as CHF, the boutique's currency",
    );
    const reopened = openDatabase(t.file);
    expect(rowsOf(reopened, 'SELECT external_id, currency FROM items ORDER BY external_id')).toEqual([
      { external_id: 'I1', currency: 'CHF' },
      { external_id: 'I2', currency: 'EUR' },
      { external_id: 'I3', currency: 'CHF' },
    ]);
    reopened.close();
  });

  it('stay without one, as before, when nothing names the currency', async () => {
    const report = await importFiles(t.db, { items: products() });
    expect(report.issues).toEqual([]);
    expect(prices()[0]).toEqual({ external_id: 'I1', price_minor: 12000, currency: null });
  });
});

describe('a file in two encodings', () => {
  it('reads each line in its own encoding instead of the whole file as Windows-1252, and says so', async () => {
    const file = join(t.dir, 'clients.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('Client number,Full name\nC1,Hélène Marchetti\n', 'utf8'),
        Buffer.from([...Buffer.from('C2,In', 'latin1'), 0xe8, ...Buffer.from('s Moreau\n', 'latin1')]),
        Buffer.from('C3,Zoë Lefèvre\n', 'utf8'),
      ]),
    );
    const report = await importFiles(t.db, { clients: file });
    expect(report.ok).toBe(true);
    expect(report.files[0]!.encoding).toBe('utf-8/windows-1252');
    expect(report.issues.map((i) => i.message)).toEqual([
      'mixes UTF-8 and Windows-1252 lines (written by two programs?): each line was read in its own encoding; check the accented names, or save the file as UTF-8',
    ]);
    expect(rowsOf(t.db, 'SELECT external_id, name FROM clients ORDER BY external_id')).toEqual([
      { external_id: 'C1', name: 'Hélène Marchetti' },
      { external_id: 'C2', name: 'Inès Moreau' },
      { external_id: 'C3', name: 'Zoë Lefèvre' },
    ]);
  });
});

describe('day/month or month/day', () => {
  const history = (dates: readonly string[]) => ({
    clients: write('clients.csv', 'Client number,Full name\nC1,Ana\n'),
    items: write('items.csv', 'SKU,Title\nI1,Tote\n'),
    interactions: write(
      'interactions.csv',
      ['Client,SKU,Kind,Date', ...dates.map((d) => `C1,I1,purchase,${d}`)].join('\n'),
    ),
  });

  it('says when every date could be read both ways, and reads them day first', async () => {
    const report = await importFiles(t.db, history(['5/6/2025', '7/8/2025', '3/3/2025']));
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        '2 dates such as "5/6/2025" could be day/month or month/day, and none says which: read as dd/mm/yyyy; set "dateFormat" in the mapping options if that is wrong',
      ],
    ]);
    expect(rowsOf(t.db, 'SELECT substr(occurred_at, 1, 10) AS day FROM interactions ORDER BY id')).toEqual([
      { day: '2025-06-05' },
      { day: '2025-08-07' },
      { day: '2025-03-03' },
    ]);
  });

  it('decides from the file’s own values: one date past the 12th settles it, silently', async () => {
    const report = await importFiles(t.db, history(['5/6/2025', '25/6/2025']));
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual([]);
  });

  it('refuses an American file read day first, saying first what to set', async () => {
    const errors = await refused(history(['5/6/2025', '6/13/2025']));
    expect(errors).toEqual([
      [3, 'Date', '"6/13/2025" is not a valid date (read as dd/mm/yyyy; set "dateFormat" in the mapping)'],
    ]);
    const report = await importFiles(t.db, history(['5/6/2025', '6/13/2025']));
    expect(report.issues[0]!.message).toBe(
      '1 date can only be month first (an American export?): set "dateFormat": "mm/dd/yyyy" in the mapping options',
    );
    const us = await importFiles(t.db, {
      ...history(['5/6/2025', '6/13/2025']),
      mapping: { options: { dateFormat: 'mm/dd/yyyy' } },
    });
    expect(us.ok).toBe(true);
    expect(us.issues).toEqual([]);
  });
});
