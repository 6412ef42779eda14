import type { Selection } from '../api/contract/selections.js';
import { selectionCsv } from './csv.js';
import { lookbookHtml } from './html.js';
import type { ExportOptions } from './options.js';
import { lookbookPdf } from './pdf.js';
import { selectionText } from './text.js';
import { selectionXlsx } from './xlsx.js';

export { ConsentRequiredError, marketingConsentStatus, type MarketingConsentStatus } from './consent.js';
export type { ExportOptions } from './options.js';
export { formatPrice } from './money.js';
export { selectionCsv, selectionText, selectionXlsx, lookbookHtml, lookbookPdf };

export const exportFormats = ['pdf', 'csv', 'xlsx', 'text', 'html'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportedFile {
  readonly bytes: Buffer;
  readonly mimeType: string;
  /** A suggested name, e.g. 'autumn-silks-camille-moreau.pdf'. */
  readonly fileName: string;
}

const formats: Record<ExportFormat, { readonly mimeType: string; readonly extension: string }> = {
  pdf: { mimeType: 'application/pdf', extension: 'pdf' },
  csv: { mimeType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  text: { mimeType: 'text/plain; charset=utf-8', extension: 'txt' },
  html: { mimeType: 'text/html; charset=utf-8', extension: 'html' },
};

/** A file name safe on every OS, from the selection's title and client. */
export function exportFileName(selection: Selection, format: ExportFormat): string {
  const slug = [selection.title, selection.client?.name ?? '']
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || `selection-${selection.id}`}.${formats[format].extension}`;
}

/**
 * One entry point for the UI's handlers and the CLI. Throws ConsentRequiredError (kind 'consent-required')
 * for a client who refused marketing unless `acknowledgeNoMarketingConsent` is set.
 */
export async function exportSelection(
  selection: Selection,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportedFile> {
  const bytes = await render(selection, format, options);
  return { bytes, mimeType: formats[format].mimeType, fileName: exportFileName(selection, format) };
}

async function render(selection: Selection, format: ExportFormat, options: ExportOptions): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return lookbookPdf(selection, options);
    case 'csv':
      return selectionCsv(selection, options);
    case 'xlsx':
      return selectionXlsx(selection, options);
    case 'text':
      return Buffer.from(selectionText(selection, options), 'utf8');
    case 'html':
      return Buffer.from(lookbookHtml(selection, options), 'utf8');
    default:
      return format satisfies never;
  }
}
