import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ClientRow } from '../../../core/api/contract/clients.js';
import { fixedClock } from '../../../core/clock.js';
import { clientListFile, type ClientListOptions } from '../../../core/export/client-list.js';
import { spreadsheetText } from '../../../core/export/xlsx.js';

const row = (id: number, fields: Partial<ClientRow>): ClientRow => ({
  id,
  externalId: `C${id}`,
  name: `Client ${id}`,
  email: null,
  phone: null,
  tier: null,
  store: null,
  associate: null,
  tags: [],
  consentMarketing: true,
  consentProfiling: true,
  lastVisit: null,
  ...fields,
});

// What a hostile import (or a careless one) can put in a client's fields.
const clients: ClientRow[] = [
  row(1, { name: 'Camille Moreau', phone: '+33 6 12 34 56 78', email: 'camille@example.com' }),
  row(2, { name: '=HYPERLINK("http://evil.example","Camille")', phone: '+1 (555) 010-9999' }),
  row(3, { name: "@SUM(1+1)*cmd|' /C calc'!A0", phone: '+33 6 12=1+1', tier: '-2+3' }),
  row(4, { name: '\t=1+1', store: '\r=1+1', associate: '+HYPERLINK("x")', externalId: '=C4' }),
  row(5, { name: 'Refused', phone: '=1+1', consentMarketing: false }),
];

const options = (format: 'csv' | 'xlsx'): ClientListOptions => ({
  name: 'segment-quiet-luxury',
  format,
  clock: fixedClock('2026-03-14T10:30:00.000Z'),
  sheet: 'Segment',
  strengths: new Map([
    [1, 0.9],
    [2, 0.8],
    [3, 0.7],
    [4, 0.6],
  ]),
});

const header = ['Client number', 'Name', 'Email', 'Phone', 'Tier', 'Store', 'Associate', 'Interest strength'];

async function load(bytes: Buffer | ExcelJS.Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as ArrayBuffer);
  return workbook;
}

describe('spreadsheet text', () => {
  it('neutralises what a spreadsheet would run and keeps only plain phone numbers as typed, in text cells', () => {
    expect(
      ['=1+1', '+1+1', '-1', '@A1', '\t=1', '\r=1', 'Camille', '', null].map((t) => spreadsheetText(t)),
    ).toEqual([
      { value: "'=1+1", asText: false },
      { value: "'+1+1", asText: false },
      { value: "'-1", asText: false },
      { value: "'@A1", asText: false },
      { value: "'\t=1", asText: false },
      { value: "'\r=1", asText: false },
      { value: 'Camille', asText: false },
      { value: '', asText: false },
      { value: '', asText: false },
    ]);
    for (const phone of ['+33 6 12 34 56 78', '+1 (555) 010-9999', '+44.20.7946.0958', '+49/30/1234'])
      expect(spreadsheetText(phone), phone).toEqual({ value: phone, asText: true });
    // A + that spells anything beyond digits and separators is no phone number.
    for (const text of ['+33 6 12=1+1', '+1 CALL-NOW', '+SUM(1)', '+1', '+33 6 12 34 56 78 @x'])
      expect(spreadsheetText(text).value, text).toBe(`'${text}`);
  });
});

describe('client list export', () => {
  it('writes a CSV whose every cell a spreadsheet would run starts with an apostrophe, phones included', async () => {
    const file = await clientListFile(clients, options('csv'));
    expect(file).toMatchObject({
      fileName: 'segment-quiet-luxury.csv',
      included: 4,
      leftOutNoMarketingConsent: 1,
    });
    expect(parse(file.bytes, { bom: true })).toEqual([
      header,
      ['C1', 'Camille Moreau', 'camille@example.com', "'+33 6 12 34 56 78", '', '', '', '0.900'],
      ['C2', `'=HYPERLINK("http://evil.example","Camille")`, '', "'+1 (555) 010-9999", '', '', '', '0.800'],
      ['C3', `'@SUM(1+1)*cmd|' /C calc'!A0`, '', "'+33 6 12=1+1", "'-2+3", '', '', '0.700'],
      ["'=C4", "'\t=1+1", '', '', '', "'\r=1+1", `'+HYPERLINK("x")`, '0.600'],
    ]);
  });

  it('writes a workbook with no formula, neutralised text and phone numbers as typed, and stays so re-saved', async () => {
    const file = await clientListFile(clients, options('xlsx'));
    expect(file).toMatchObject({
      fileName: 'segment-quiet-luxury.xlsx',
      included: 4,
      leftOutNoMarketingConsent: 1,
    });
    const first = await load(file.bytes);
    // What the associate gets back after saving the workbook again.
    const resaved = await load(await first.xlsx.writeBuffer());
    for (const workbook of [first, resaved]) {
      const sheet = workbook.getWorksheet('Segment')!;
      expect(sheet.rowCount).toBe(5);
      const values = [1, 2, 3, 4, 5].map((r) => {
        const cells = sheet.getRow(r);
        return header.map((_, c) => cells.getCell(c + 1).text);
      });
      expect(values).toEqual([
        header,
        ['C1', 'Camille Moreau', 'camille@example.com', '+33 6 12 34 56 78', '', '', '', '0.900'],
        ['C2', `'=HYPERLINK("http://evil.example","Camille")`, '', '+1 (555) 010-9999', '', '', '', '0.800'],
        ['C3', `'@SUM(1+1)*cmd|' /C calc'!A0`, '', "'+33 6 12=1+1", "'-2+3", '', '', '0.700'],
        // XML reads a carriage return back as a line feed; the apostrophe stays first.
        ["'=C4", "'\t=1+1", '', '', '', "'\n=1+1", `'+HYPERLINK("x")`, '0.600'],
      ]);
      // The phone numbers are text cells: shown without an apostrophe, and kept text when edited.
      const phones = [2, 3].map((r) => sheet.getRow(r).getCell(4));
      expect(phones.map((c) => [c.type, c.numFmt])).toEqual([
        [ExcelJS.ValueType.String, '@'],
        [ExcelJS.ValueType.String, '@'],
      ]);
      sheet.eachRow((cells) =>
        cells.eachCell((cell) => expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula)),
      );
    }
  });
});
