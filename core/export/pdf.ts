import PDFDocument from 'pdfkit';
import type { Selection } from '../api/contract/selections.js';
import { logger } from '../log.js';
import { assertMarketingConsent } from './consent.js';
import { inkOn, placeholderColour, resolveImage } from './images.js';
import { lookbookContent, pieces, type Lookbook, type LookbookItem } from './lookbook.js';
import { resolveExportOptions, type ExportOptions } from './options.js';
import { lookbookTypefaces, standardTypefaces, type Face, type Typefaces } from './fonts.js';

const log = logger('export');

export interface PdfOptions extends ExportOptions {
  /** False writes uncompressed content streams (tests read the text back). Default true. */
  readonly compress?: boolean;
  /** The faces to draw with; the embedded Noto faces by default. */
  readonly typefaces?: Typefaces;
}

// The faces of the document being drawn: drawing is synchronous from the first page to doc.end(), so one
// document at a time holds them.
let faces: Typefaces = standardTypefaces();
const f = (face: Face): string => faces.name(face);
const t = (text: string): string => faces.text(text);

const page = { width: 595.28, height: 841.89 };
const margin = { top: 64, bottom: 64, left: 56, right: 56 };
const contentWidth = page.width - margin.left - margin.right;
const ink = '#2a2520';
const muted = '#8a8178';
const faint = '#b9ad9c';
const rule = '#e2dacd';
const picture = 170;
const gutter = 22;
const blockPadding = 20;
const blockMinHeight = picture + 2 * blockPadding;

type Doc = PDFKit.PDFDocument;

function line(doc: Doc, x1: number, y1: number, x2: number, y2: number, colour: string, width = 0.6): void {
  doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(colour).stroke().restore();
}

function eyebrow(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'center',
): void {
  doc
    .font(f('sans'))
    .fontSize(8)
    .fillColor(muted)
    .text(t(text.toLocaleUpperCase()), x, y, { width, align, characterSpacing: 1.8, lineBreak: false });
}

/** Where the cover's footer starts; a message too long to fit above it gets a page of its own, uncut. */
const coverFootTop = page.height - 104;

function drawCover(doc: Doc, book: Lookbook): boolean {
  if (book.boutique) eyebrow(doc, book.boutique, margin.left, 72, contentWidth, 'center');
  line(doc, page.width / 2 - 40, 92, page.width / 2 + 40, 92, faint);

  doc.font(f('serif')).fontSize(30).fillColor(ink);
  const titleHeight = doc.heightOfString(t(book.title), { width: contentWidth - 60, align: 'center' });
  let y = Math.max(150, 300 - titleHeight);
  doc.text(t(book.title), margin.left + 30, y, { width: contentWidth - 60, align: 'center' });
  y = doc.y + 10;
  if (book.clientName) {
    doc.font(f('serif-italic')).fontSize(13).fillColor(ink);
    doc.text(t(`For ${book.clientName}`), margin.left, y, { width: contentWidth, align: 'center' });
    y = doc.y;
  }
  line(doc, page.width / 2 - 34, y + 24, page.width / 2 + 34, y + 24, faint);

  let messageOnCover = true;
  if (book.message !== '') {
    const width = 380;
    const options = { width, lineGap: 4 } as const;
    doc.font(f('serif')).fontSize(12).fillColor(ink);
    const top = y + 56;
    messageOnCover = doc.heightOfString(t(book.message), options) <= coverFootTop - 24 - top;
    if (messageOnCover) doc.text(t(book.message), (page.width - width) / 2, top, options);
  }

  line(doc, margin.left, coverFootTop, page.width - margin.right, coverFootTop, rule);
  const foot = [
    book.date,
    book.associate ? `Prepared by ${book.associate}` : null,
    pieces(book.items.length),
  ];
  doc.font(f('sans')).fontSize(8.5).fillColor(muted);
  doc.text(t(foot.filter((p) => p !== null).join('  ·  ')), margin.left, coverFootTop + 12, {
    width: contentWidth,
    align: 'center',
    lineBreak: false,
  });
  return messageOnCover;
}

function drawMessagePage(doc: Doc, book: Lookbook): void {
  doc.addPage();
  eyebrow(
    doc,
    book.greetingName ? `For ${book.greetingName}` : 'Message',
    margin.left,
    margin.top,
    contentWidth,
    'left',
  );
  doc.font(f('serif')).fontSize(12).fillColor(ink);
  doc.text(t(book.message), margin.left, margin.top + 28, { width: contentWidth, lineGap: 4 });
}

function drawPicture(
  doc: Doc,
  item: LookbookItem,
  x: number,
  y: number,
  imageFolders: readonly string[],
): void {
  const image = resolveImage(item.image, imageFolders, item.reference);
  // pdfkit draws PNG and JPEG; a WebP (fine in the HTML page) gets the placeholder here.
  if (image.kind === 'raster' && image.mime !== 'image/webp') {
    doc.save().rect(x, y, picture, picture).fill('#f6f2ec').restore();
    try {
      doc.image(image.bytes, x, y, { fit: [picture, picture], align: 'center', valign: 'center' });
      return;
    } catch (error) {
      log.warn('item image could not be embedded; a placeholder is drawn', {
        item: item.reference,
        error: (error as Error).message,
      });
    }
  }
  const colour = placeholderColour(image, item.maison ?? item.title);
  doc.save().rect(x, y, picture, picture).fill(colour).restore();
  doc.font(f('serif')).fontSize(40).fillColor(inkOn(colour));
  const initials = t(item.initials);
  const height = doc.heightOfString(initials, { width: picture, characterSpacing: 3 });
  doc.text(initials, x, y + (picture - height) / 2 + 4, {
    width: picture,
    align: 'center',
    characterSpacing: 3,
    lineBreak: false,
  });
}

interface Measured {
  readonly titleHeight: number;
  readonly noteHeight: number;
  readonly height: number;
}

const textWidth = contentWidth - picture - gutter;
const noteIndent = 10;
// A block never outgrows a page: a title past four lines or a note past ~30 lines ends in an ellipsis.
const maxTitleHeight = 84;
const maxNoteHeight = 480;

function measure(doc: Doc, item: LookbookItem): Measured {
  doc.font(f('serif')).fontSize(17);
  const titleHeight = Math.min(maxTitleHeight, doc.heightOfString(t(item.title), { width: textWidth }));
  doc.font(f('serif-italic')).fontSize(10.5);
  const noteHeight =
    item.note === ''
      ? 0
      : Math.min(
          maxNoteHeight,
          doc.heightOfString(t(item.note), { width: textWidth - noteIndent, lineGap: 2 }),
        );
  const text = 12 + 14 + titleHeight + 16 + 26 + (noteHeight > 0 ? 12 + noteHeight : 0);
  return { titleHeight, noteHeight, height: Math.max(blockMinHeight, text + 2 * blockPadding) };
}

function drawItem(
  doc: Doc,
  item: LookbookItem,
  top: number,
  size: Measured,
  imageFolders: readonly string[],
): void {
  drawPicture(doc, item, margin.left, top + blockPadding, imageFolders);
  const x = margin.left + picture + gutter;
  let y = top + blockPadding;
  doc.font(f('sans')).fontSize(8).fillColor(faint);
  doc.text(String(item.number).padStart(2, '0'), x, y, { lineBreak: false });
  y += 12;
  if (item.maison) {
    doc.font(f('sans-bold')).fontSize(8.5).fillColor(ink);
    doc.text(t(item.maison.toLocaleUpperCase()), x, y, {
      width: textWidth,
      characterSpacing: 1.6,
      lineBreak: false,
    });
  }
  y += 14;
  doc
    .font(f('serif'))
    .fontSize(17)
    .fillColor(ink)
    .text(t(item.title), x, y, { width: textWidth, height: size.titleHeight, ellipsis: true });
  y += size.titleHeight + 2;
  if (item.category) {
    doc.font(f('sans')).fontSize(8.5).fillColor(muted);
    doc.text(t(item.category), x, y, { width: textWidth, lineBreak: false, ellipsis: true });
  }
  y += 14;
  doc
    .font(f('sans'))
    .fontSize(11.5)
    .fillColor(ink)
    .text(t(item.price), x, y, { width: textWidth, lineBreak: false });
  y += 26;
  if (size.noteHeight > 0) {
    y += 4;
    line(doc, x, y, x, y + size.noteHeight, '#d8cbb6', 1.5);
    doc.font(f('serif-italic')).fontSize(10.5).fillColor(ink);
    doc.text(t(item.note), x + noteIndent, y, {
      width: textWidth - noteIndent,
      lineGap: 2,
      height: size.noteHeight,
      ellipsis: true,
    });
  }
}

/** The running head and the page numbers, written once every page exists (the cover has neither). */
function drawPageFurniture(doc: Doc, book: Lookbook): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(f('sans')).fontSize(7.5).fillColor(muted);
    doc.text(t(book.title), margin.left, 36, { width: contentWidth / 2, lineBreak: false, ellipsis: true });
    if (book.clientName)
      doc.text(t(`For ${book.clientName}`), page.width / 2, 36, {
        width: page.width / 2 - margin.right,
        align: 'right',
        lineBreak: false,
      });
    line(doc, margin.left, 50, page.width - margin.right, 50, rule);
    doc.fontSize(8).text(`${i + 1} / ${range.count}`, margin.left, page.height - 40, {
      width: contentWidth,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * The lookbook as a PDF drawn with pdfkit, for the CLI and web mode (the Electron app prints lookbookHtml
 * instead): a cover, then the items three to a page, each with its picture (or a swatch with the maison's
 * initials where pdfkit cannot draw it: SVG, remote), maison, title, price and the associate's note.
 * The same selection and clock give the same bytes.
 */
export async function lookbookPdf(selection: Selection, options: PdfOptions = {}): Promise<Buffer> {
  const resolved = resolveExportOptions(options);
  assertMarketingConsent(selection, resolved);
  const book = lookbookContent(selection, resolved);
  const now = resolved.clock.now();
  const doc = new PDFDocument({
    size: 'A4',
    margins: margin,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: resolved.locale,
    displayTitle: true,
    info: {
      // Metadata strings are UTF-16 in the PDF: any script, unlike the standard fonts.
      Title: book.title,
      Author: book.associate ?? book.boutique ?? 'Atelier',
      Subject: book.clientName ? `A selection for ${book.clientName}` : 'A selection',
      Creator: 'Atelier',
      Producer: 'Atelier',
      CreationDate: now,
      ModDate: now,
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  faces = options.typefaces ?? lookbookTypefaces();
  for (const [face, file] of faces.files) doc.registerFont(face, file);
  if (!drawCover(doc, book)) drawMessagePage(doc, book);
  let y = Infinity;
  const bottom = page.height - margin.bottom;
  for (const item of book.items) {
    const size = measure(doc, item);
    if (y + size.height > bottom) {
      doc.addPage();
      y = margin.top;
    } else line(doc, margin.left, y, page.width - margin.right, y, rule);
    drawItem(doc, item, y, size, resolved.imageFolders);
    y += size.height;
  }
  drawPageFurniture(doc, book);
  doc.end();
  return done;
}
