import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { formatIssue } from '../../../core/import/issues.js';
import { maskContactDetails } from '../../../core/import/mask.js';
import { tempDb, type TempDb } from '../../support/import.js';

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

describe("an import's report never carries a client's email or phone number", () => {
  it('masks them where a cell is quoted, keeping row, column and the other values whole', async () => {
    // A CRM export with its columns shifted: an email and a phone number land in the date column.
    const clients = join(t.dir, 'crm.csv');
    writeFileSync(
      clients,
      [
        'Client ID,Full name,Customer since',
        'camille.moreau@example.com,Camille Moreau,helene.dupre@example.fr',
        'camille.moreau@example.com,Camille M.,+33 6 12 34 56 78',
        'SKU-12345678,Someone,2021-13-45',
      ].join('\n'),
    );
    // A sale of a client keyed by an email nobody imported.
    const interactions = join(t.dir, 'sales.csv');
    writeFileSync(
      interactions,
      'Client ID,SKU,Event,Qty,Date\nvip.client@example.com,SKU-12345678,Sale,1,15/01/2025 11:30\n',
    );
    const report = await importFiles(t.db, { clients, interactions });
    expect(report.ok).toBe(false);
    const text = report.issues.map(formatIssue).join('\n');
    for (const secret of ['camille.moreau@', 'helene.dupre@', 'vip.client@', '12 34 56'])
      expect(text).not.toContain(secret);
    expect(text).toContain('"h***@example.fr"');
    expect(text).toContain('client "v***@example.com" is neither in the database nor in this import');
    expect(text).toContain('"+** * ** ** ** 78"');
    // What the boutique needs to fix its file is still said: rows, columns, a product code, a bad date.
    expect(report.issues.map((i) => [i.row, i.column])).toEqual(
      expect.arrayContaining([
        [2, 'Customer since'],
        [3, 'Customer since'],
        [4, 'Customer since'],
      ]),
    );
    expect(text).toContain('"2021-13-45"');
    expect(text).toContain('SKU-12345678');
  });

  it('keeps the first character and the domain of an email, the last two digits of a phone', () => {
    expect(maskContactDetails('"Zoë.Martin+vip@mail.example.co.uk" is not a date')).toBe(
      '"Z***@mail.example.co.uk" is not a date',
    );
    expect(maskContactDetails('"+44 (0)20 7946 0958" is not a number; EAN 3614272049529 stays')).toBe(
      '"+** (*)** **** **58" is not a number; EAN 3614272049529 stays',
    );
    expect(maskContactDetails('SKU-001 and 49.90 EUR')).toBe('SKU-001 and 49.90 EUR');
  });
});
