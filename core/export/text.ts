import type { Selection } from '../api/contract/selections.js';
import { assertMarketingConsent } from './consent.js';
import { lookbookContent } from './lookbook.js';
import { resolveExportOptions, type ExportOptions } from './options.js';

// Greetings in the boutique's languages, longest first where one begins another (Cher / Chers).
const greetingWords = [
  'good morning',
  'good afternoon',
  'good evening',
  'dearest',
  'dear',
  'hello',
  'hi',
  'bonjour',
  'bonsoir',
  'chères',
  'chère',
  'chers',
  'cher',
  'gentilissima',
  'gentilissimo',
  'gentili',
  'gentile',
  'carissima',
  'carissimo',
  'caro',
  'cara',
  'cari',
  'buongiorno',
  'buonasera',
  'ciao',
];
// A greeting word, then up to five words of a name ("Madame Dubois", "Dr. O'Brien"), then a comma or an
// exclamation mark, or the end of the line: "Dear Alessandra," or "Bonjour !", not "Hi-fi pieces".
const greeting = new RegExp(
  `^[ \\t]*(?:${greetingWords.join('|')})(?:[ \\t]+[\\p{L}\\p{M}.'’-]+){0,5}[ \\t]*(?:[,!]|(?=\\n)|$)`,
  'iu',
);

/** The greeting `text` opens with ("Dear Alessandra,", "Bonjour Madame Dubois,"), or null when it has none. */
export function openingGreeting(text: string): string | null {
  return greeting.exec(text)?.[0] ?? null;
}

/**
 * The selection as a plain message to paste into WhatsApp, iMessage or an e-mail: no markup, one numbered
 * line per item with its note indented under it, so it reads well on a phone. A message that greets the
 * client itself is not greeted a second time.
 */
export function selectionText(selection: Selection, options: ExportOptions = {}): string {
  const resolved = resolveExportOptions(options);
  assertMarketingConsent(selection, resolved);
  const book = lookbookContent(selection, resolved);
  const lines: string[] = [];
  if (openingGreeting(book.message) === null)
    lines.push(book.greetingName ? `Dear ${book.greetingName},` : 'Hello,', '');
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
