import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { fixedClock } from '../../../core/clock.js';
import { rowsOf, snapshot, tempDb, type TempDb } from '../../support/import.js';

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
