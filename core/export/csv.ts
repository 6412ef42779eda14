import type { Selection } from '../api/contract/selections.js';
import { assertMarketingConsent } from './consent.js';
import { decimalPrice } from './money.js';
import { resolveExportOptions, type ExportOptions } from './options.js';
import { encodeCategoryPath } from '../domain/category-path.js';

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe,
 * as OWASP advises: an item title or a note must never become a formula in the associate's Excel.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRows(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export const csvHeader = [
  'Position',
  'Reference',
  'Maison',
  'Title',
  'Category',
  'Price',
  'Currency',
  'Note',
];

/**
 * One row per item, in the selection's order. UTF-8 with a byte-order mark so Excel reads accents right;
 * CRLF line ends; the price as a plain decimal (a dot, the currency's own digits) beside its currency.
 */
export function selectionCsv(selection: Selection, options: ExportOptions = {}): Buffer {
  assertMarketingConsent(selection, resolveExportOptions(options));
  const text = (v: string | null): string => neutraliseFormula(v ?? '');
  const rows = selection.items.map((item, index) => [
    String(index + 1),
    text(item.externalId),
    text(item.maison),
    text(item.title),
    text(encodeCategoryPath(item.category)),
    item.priceMinor !== null && item.currency !== null ? decimalPrice(item.priceMinor, item.currency) : '',
    item.currency ?? '',
    text(item.note),
  ]);
  return Buffer.from('\uFEFF' + csvRows([csvHeader, ...rows]), 'utf8');
}
