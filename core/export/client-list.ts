import ExcelJS from 'exceljs';
import type { ClientListExport, ClientRow } from '../api/contract/clients.js';
import type { Clock } from '../clock.js';
import { campaignAudience } from './consent.js';
import { csvRows, neutraliseFormula } from './csv.js';
import { setText } from './xlsx.js';

/** A client list as a file, and how many of the clients it holds and left out. */
export interface ClientListFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
  readonly included: number;
  readonly leftOutNoMarketingConsent: number;
}

export interface ClientListOptions {
  /** The file's name without its extension, e.g. 'segment-quiet-luxury'. */
  readonly name: string;
  readonly format: 'csv' | 'xlsx';
  readonly clock: Clock;
  /** The sheet's name in the workbook. */
  readonly sheet: string;
  /** Each client's strength of the segment's interest: a last column when given. */
  readonly strengths?: ReadonlyMap<number, number>;
}

/** A file name's safe part: accents dropped, lower case, words joined by dashes. */
export function slug(text: string, fallback: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || fallback
  );
}

/**
 * A campaign list (a segment's members, a page of the client book) for a mailing tool, in the order given.
 * Clients who refused marketing are left out (and counted), so the list can go out as it is; a cell never
 * becomes a formula in the associate's spreadsheet.
 */
export async function clientListFile(
  clients: readonly ClientRow[],
  options: ClientListOptions,
): Promise<ClientListFile> {
  const audience = campaignAudience(clients);
  const strengths = options.strengths;
  const header = ['Client number', 'Name', 'Email', 'Phone', 'Tier', 'Store', 'Associate'];
  if (strengths) header.push('Interest strength');
  else header.push('Last visit');
  const lines = audience.contactable.map((c) => [
    c.externalId,
    c.name,
    c.email ?? '',
    c.phone ?? '',
    c.tier ?? '',
    c.store ?? '',
    c.associate ?? '',
    strengths ? (strengths.get(c.id) ?? 0).toFixed(3) : (c.lastVisit?.slice(0, 10) ?? ''),
  ]);
  const counts = {
    included: audience.contactable.length,
    leftOutNoMarketingConsent: audience.refusedMarketing.length,
  };
  if (options.format === 'csv')
    return {
      fileName: `${options.name}.csv`,
      mimeType: 'text/csv; charset=utf-8',
      // A CSV cell has no format to keep it text: a phone's leading + gets the apostrophe too.
      bytes: Buffer.from(
        '\uFEFF' + csvRows([header, ...lines.map((line) => line.map(neutraliseFormula))]),
        'utf8',
      ),
      ...counts,
    };
  const workbook = new ExcelJS.Workbook();
  workbook.created = options.clock.now();
  const sheet = workbook.addWorksheet(options.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  // Each text as the selection's workbook writes it: neutralised, a phone number as typed in a text cell.
  for (const line of lines) {
    const row = sheet.addRow([]);
    line.forEach((value, index) => setText(row.getCell(index + 1), value));
  }
  sheet.columns.forEach((column) => (column.width = 22));
  return {
    fileName: `${options.name}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    ...counts,
  };
}

/** As the API answers it: the file's bytes in base64, with its counts. */
export function clientListExport(file: ClientListFile): ClientListExport {
  return {
    fileName: file.fileName,
    mimeType: file.mimeType,
    base64: file.bytes.toString('base64'),
    included: file.included,
    leftOutNoMarketingConsent: file.leftOutNoMarketingConsent,
  };
}
