import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as pdfkit writes it: content streams (Flate-compressed) draw text as hex strings in WinAnsi.
 * Enough to check that a lookbook holds the titles and notes it should, without a PDF library.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const chunks: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let match = streams.exec(source); match; match = streams.exec(source)) {
    const raw = Buffer.from(match[1]!, 'latin1');
    let content: string;
    try {
      content = inflateSync(raw).toString('latin1');
    } catch {
      content = raw.toString('latin1');
    }
    for (const [, hex] of content.matchAll(/<([0-9a-fA-F\s]+)>/g)) {
      chunks.push(Buffer.from(hex!.replace(/\s/g, ''), 'hex').toString('latin1'));
    }
    chunks.push('\n');
  }
  return chunks.join('');
}

export const pdfPageCount = (pdf: Buffer): number =>
  pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
