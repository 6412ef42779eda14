import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { lookbookPdf } from '../../../core/export/pdf.js';
import { hostile, hostileSelection } from '../../support/hostile-selection.js';
import { readPdf } from '../../support/pdf.js';

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '(': '\\(',
  ')': '\\)',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
/** A PDF literal string as the spec writes it: backslashes, parentheses and control characters escaped. */
const literal = (bytes: string): string => `(${bytes.replace(/[\\()\n\r\t\b\f]/g, (c) => escapes[c]!)})`;
/** Metadata beyond ASCII, as pdfkit writes it: UTF-16BE with its byte-order mark, in a literal string. */
const utf16Literal = (text: string): string =>
  literal(
    Buffer.from('\ufeff' + text, 'utf16le')
      .swap16()
      .toString('latin1'),
  );

describe('the PDF lookbook with hostile text in every field', () => {
  it('draws each text as text, keeps the metadata strings closed and holds no action', async () => {
    const bytes = await lookbookPdf(hostileSelection(), {
      clock: fixedClock('2026-03-14T10:30:00.000Z'),
      timeZone: 'UTC',
      compress: false,
    });
    const { pages } = await readPdf(bytes);
    // Lines wrap where they will and capitals are letter-spaced: compared without their spaces.
    const squash = (text: string): string => text.replace(/\s+/g, '');
    const all = squash(pages.flat().join(''));
    // What the client reads is what was typed (maisons and the boutique in capitals, categories joined by ›).
    for (const text of [hostile.title, hostile.message, hostile.client, hostile.itemTitle, hostile.note])
      expect(all, text).toContain(squash(text));
    for (const text of [hostile.maison, hostile.boutique])
      expect(all, text).toContain(squash(text.toLocaleUpperCase()));
    expect(all).toContain(squash(`${hostile.category} › Totes`));
    expect(all).toContain(squash(`Prepared by ${hostile.associate}`));

    const raw = bytes.toString('latin1');
    // Who prepared it and for whom are also metadata: literal strings whose delimiters are escaped.
    expect(raw).toContain(`\n${utf16Literal(hostile.associate)}\n`);
    expect(raw).toContain(`\n${literal(`A selection for ${hostile.client}`)}\n`);
    for (const action of [
      '/S /Launch',
      '/S /JavaScript',
      '/JS',
      '/OpenAction',
      '/AA',
      '/URI',
      '/Type /Action',
    ])
      expect(raw, action).not.toContain(action);
  });
});
