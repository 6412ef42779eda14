import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPages {
  readonly count: number;
  /** Text lines of each page, in drawing order, as PDF.js reads them (through each font's ToUnicode map). */
  readonly pages: readonly string[][];
}

/** Reads a PDF's text back with Mozilla's PDF.js: what a PDF viewer would let the client select and copy. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPages> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const lines: string[] = [];
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          if (line !== '') lines.push(line);
          line = '';
        }
      }
      if (line !== '') lines.push(line);
      pages.push(lines);
    }
    return { count: doc.numPages, pages };
  } finally {
    await doc.destroy();
  }
}

/** How PDF.js reads letter-spaced capitals (eyebrows, maisons): a space after every letter, one between words. */
export const letterSpaced = (text: string): string => [...text.replace(/\s+/g, '')].join(' ');

/** Text with its lines joined and its spaces collapsed, to find a phrase that may wrap across lines. */
export const flowing = (lines: readonly string[]): string => lines.join(' ').replace(/\s+/g, ' ');
