import type { Selection } from '../api/contract/selections.js';
import { assertMarketingConsent } from './consent.js';
import { lookbookContent } from './lookbook.js';
import { resolveExportOptions, type ExportOptions } from './options.js';

/**
 * The selection as a plain message to paste into WhatsApp, iMessage or an e-mail: no markup, one numbered
 * line per item with its note indented under it, so it reads well on a phone.
 */
export function selectionText(selection: Selection, options: ExportOptions = {}): string {
  const resolved = resolveExportOptions(options);
  assertMarketingConsent(selection, resolved);
  const book = lookbookContent(selection, resolved);
  const lines: string[] = [book.greetingName ? `Dear ${book.greetingName},` : 'Hello,', ''];
  if (book.message !== '') lines.push(book.message, '');
  lines.push(
    book.items.length === 1 ? 'The piece I selected for you:' : 'The pieces I selected for you:',
    '',
  );
  for (const item of book.items) {
    const name = item.maison ? `${item.maison} — ${item.title}` : item.title;
    lines.push(`${item.number}. ${name} — ${item.price}`);
    if (item.note !== '') lines.push(...item.note.split('\n').map((l) => `   ${l}`));
  }
  lines.push('', 'Kind regards,');
  if (book.associate) lines.push(book.associate);
  if (book.boutique) lines.push(book.boutique);
  return lines.join('\n') + '\n';
}
