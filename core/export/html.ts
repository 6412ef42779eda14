import type { Selection } from '../api/contract/selections.js';
import { assertMarketingConsent } from './consent.js';
import { inkOn, placeholderColour, resolveImage } from './images.js';
import { lookbookContent, pieces, type LookbookItem } from './lookbook.js';
import { resolveExportOptions, type ExportOptions } from './options.js';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

// Only system fonts and inline images: the page must print the same offline, in the app or any browser.
const style = `
@page { size: A4; margin: 16mm 18mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 8pt Helvetica, Arial, sans-serif; color: #8a8178; } }
@page :first { @bottom-center { content: none; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #2a2520; font: 10.5pt/1.5 Helvetica, Arial, sans-serif; }
.serif, h1, h2, .for, .message, .note { font-family: Georgia, 'Times New Roman', Times, serif; }
.cover { min-height: 255mm; display: flex; flex-direction: column; break-after: page; }
.boutique { text-align: center; }
.boutique, .maison, .eyebrow { text-transform: uppercase; letter-spacing: 0.22em; font-size: 8pt; color: #8a8178; }
.cover-body { flex: 1; display: flex; flex-direction: column; justify-content: center; text-align: center; padding: 0 12mm; }
h1 { font-size: 30pt; font-weight: normal; margin: 0 0 6mm; }
.for { font-style: italic; font-size: 13pt; margin: 0; }
hr { width: 24mm; border: 0; border-top: 0.6pt solid #b9ad9c; margin: 9mm auto; }
.message { white-space: pre-line; font-size: 12pt; line-height: 1.6; text-align: left; }
.cover-foot { text-align: center; font-size: 8.5pt; color: #8a8178; border-top: 0.6pt solid #e2dacd; padding-top: 4mm; }
.item { display: flex; gap: 8mm; padding: 7mm 0; border-bottom: 0.6pt solid #e2dacd; break-inside: avoid; }
.item:last-child { border-bottom: 0; }
.picture { flex: 0 0 58mm; height: 58mm; display: flex; align-items: center; justify-content: center; background: #f6f2ec; }
.picture img { width: 100%; height: 100%; object-fit: contain; }
.swatch { width: 100%; height: 100%; display: flex; align-items: center; justify-content: center;
  font: 34pt Georgia, 'Times New Roman', serif; letter-spacing: 0.08em; }
.words { flex: 1; min-width: 0; }
.number { font-size: 8pt; color: #b9ad9c; }
.maison { font-weight: bold; color: #2a2520; margin-top: 1mm; }
h2 { font-size: 17pt; font-weight: normal; margin: 1mm 0 1mm; line-height: 1.25; }
.category { font-size: 8.5pt; color: #8a8178; }
.price { font-size: 11.5pt; margin-top: 3mm; }
.note { font-style: italic; white-space: pre-line; margin: 4mm 0 0; padding-left: 4mm; border-left: 1.5pt solid #d8cbb6; }
@media screen { body { background: #ece7df; } main { max-width: 210mm; margin: 0 auto; background: #fff; padding: 16mm 18mm; } }
`;

function picture(item: LookbookItem, imageFolders: readonly string[]): string {
  const image = resolveImage(item.image, imageFolders, item.reference);
  if (image.kind === 'svg') return `<img src="${escapeHtml(image.dataUri)}" alt="${escapeHtml(item.title)}">`;
  if (image.kind === 'raster')
    return `<img src="data:${image.mime};base64,${image.bytes.toString('base64')}" alt="${escapeHtml(item.title)}">`;
  const colour = placeholderColour(image, item.maison ?? item.title);
  return `<div class="swatch" style="background:${colour};color:${inkOn(colour)}" aria-hidden="true">${escapeHtml(item.initials)}</div>`;
}

/**
 * The lookbook as one self-contained printable HTML page (images inlined, no scripts, a CSP that allows
 * nothing else): the Electron app prints it with printToPDF; it also opens in any browser.
 */
export function lookbookHtml(selection: Selection, options: ExportOptions = {}): string {
  const resolved = resolveExportOptions(options);
  assertMarketingConsent(selection, resolved);
  const book = lookbookContent(selection, resolved);
  const foot = [book.date, book.associate ? `Prepared by ${book.associate}` : null, pieces(book.items.length)]
    .filter((part) => part !== null)
    .map(escapeHtml)
    .join(' · ');
  const items = book.items
    .map(
      (item) => `<article class="item">
  <div class="picture">${picture(item, resolved.imageFolders)}</div>
  <div class="words">
    <div class="number">${String(item.number).padStart(2, '0')}</div>
    ${item.maison ? `<div class="maison">${escapeHtml(item.maison)}</div>` : ''}
    <h2>${escapeHtml(item.title)}</h2>
    ${item.category ? `<div class="category">${escapeHtml(item.category)}</div>` : ''}
    <div class="price">${escapeHtml(item.price)}</div>
    ${item.note ? `<p class="note">${escapeHtml(item.note)}</p>` : ''}
  </div>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(resolved.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(book.title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<section class="cover">
  <div class="boutique">${escapeHtml(book.boutique ?? '')}</div>
  <div class="cover-body">
    <h1>${escapeHtml(book.title)}</h1>
    ${book.clientName ? `<p class="for">For ${escapeHtml(book.clientName)}</p>` : ''}
    <hr>
    ${book.message ? `<div class="message">${escapeHtml(book.message)}</div>` : ''}
  </div>
  <div class="cover-foot">${foot}</div>
</section>
<section class="items">
${items}
</section>
</main>
</body>
</html>
`;
}
