import ExcelJS from 'exceljs';
import type { Selection } from '../api/contract/selections.js';
import { assertMarketingConsent } from './consent.js';
import { neutraliseFormula } from './csv.js';
import { lookbookContent } from './lookbook.js';
import { excelCurrencyFormat, majorUnits } from './money.js';
import { resolveExportOptions, type ExportOptions } from './options.js';
import { encodeCategoryPath } from '../domain/category-path.js';

const ink = 'FF1F1B16';
const paper = 'FFF4EFE6';

/** A phone number as clients give it: no formula can be spelled with these characters alone. */
const phoneNumber = /^\+[\d\s().\-/]{4,}$/;

/**
 * What a text cell holds. A workbook's string cells are no formulas, but they become one the moment the
 * reader edits the cell or saves the sheet as CSV: text a spreadsheet would run gets the same apostrophe as
 * the CSV export. A phone number (+33 6…) is harmless and would read badly with one: it stays as typed, in a
 * cell formatted as text so editing it keeps it text.
 */
export function spreadsheetText(value: string | null): { readonly value: string; readonly asText: boolean } {
  const text = value ?? '';
  if (phoneNumber.test(text)) return { value: text, asText: true };
  return { value: neutraliseFormula(text), asText: false };
}

/** Writes text into a cell as `spreadsheetText` says: neutralised, or a phone number in a text-formatted cell. */
export function setText(cell: ExcelJS.Cell, value: string | null): void {
  const text = spreadsheetText(value);
  cell.value = text.value;
  if (text.asText) cell.numFmt = '@';
}

/**
 * A workbook with the items (sheet "Selection": styled frozen header, the price as a number in its currency's
 * format so it sums and sorts) and the cover (sheet "Message": title, client, the personal message).
 */
export async function selectionXlsx(selection: Selection, options: ExportOptions = {}): Promise<Buffer> {
  const resolved = resolveExportOptions(options);
  assertMarketingConsent(selection, resolved);
  const book = lookbookContent(selection, resolved);
  const now = resolved.clock.now();

  const workbook = new ExcelJS.Workbook();
  workbook.creator = book.associate ?? 'Atelier';
  workbook.created = now;
  workbook.modified = now;
  workbook.title = selection.title;

  const sheet = workbook.addWorksheet('Selection', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '#', key: 'position', width: 5 },
    { header: 'Reference', key: 'reference', width: 16 },
    { header: 'Maison', key: 'maison', width: 20 },
    { header: 'Title', key: 'title', width: 40 },
    { header: 'Category', key: 'category', width: 28 },
    { header: 'Price', key: 'price', width: 14 },
    { header: 'Currency', key: 'currency', width: 10 },
    { header: 'Note', key: 'note', width: 60 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: paper } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ink } };
  header.alignment = { vertical: 'middle' };
  header.height = 20;

  selection.items.forEach((item, index) => {
    const row = sheet.addRow({
      position: index + 1,
      price:
        item.priceMinor !== null && item.currency !== null
          ? majorUnits(item.priceMinor, item.currency)
          : null,
    });
    setText(row.getCell('reference'), item.externalId);
    setText(row.getCell('maison'), item.maison);
    setText(row.getCell('title'), item.title);
    setText(row.getCell('category'), encodeCategoryPath(item.category));
    setText(row.getCell('currency'), item.currency);
    setText(row.getCell('note'), item.note);
    if (item.currency !== null)
      row.getCell('price').numFmt = excelCurrencyFormat(item.currency, resolved.locale);
    row.getCell('note').alignment = { wrapText: true, vertical: 'top' };
    row.alignment = { vertical: 'top' };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };

  const cover = workbook.addWorksheet('Message');
  cover.columns = [
    { key: 'label', width: 16 },
    { key: 'value', width: 80 },
  ];
  const lines: [string, string][] = [
    ['Selection', book.title],
    ['Client', book.clientName ?? ''],
    ['Prepared by', book.associate ?? ''],
    ['Boutique', book.boutique ?? ''],
    ['Date', book.date],
    ['Message', book.message],
  ];
  for (const [label, value] of lines) {
    const row = cover.addRow({ label });
    setText(row.getCell('value'), value);
    row.getCell('label').font = { bold: true };
    row.getCell('value').alignment = { wrapText: true, vertical: 'top' };
    row.alignment = { vertical: 'top' };
  }

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as Uint8Array);
}
