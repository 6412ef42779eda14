import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import {
  ConsentRequiredError,
  exportFormats,
  exportSelection,
  lookbookHtml,
  lookbookPdf,
  marketingConsentStatus,
  selectionCsv,
  selectionText,
  selectionXlsx,
  type ExportOptions,
} from '../../../core/export/index.js';
import type { Selection } from '../../../core/api/contract/selections.js';
import { fixedNow, fixturesDir, makeBoutique, type Boutique } from '../../support/export-boutique.js';
import { standardTypefaces } from '../../../core/export/fonts.js';
import { flowing, letterSpaced, readPdf } from '../../support/pdf.js';

let dir: string;
let boutique: Boutique;
let store: SelectionStore;
let camille: Selection;
const options: ExportOptions = { clock: fixedClock(fixedNow), timeZone: 'UTC', imageFolders: [fixturesDir] };
const order = ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-RING', 'SKU-SHOE'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-export-'));
  boutique = makeBoutique(join(dir, 'b.db'));
  store = new SelectionStore(boutique.db, fixedClock(fixedNow));
  const s = store.create({
    title: 'Autumn silks',
    clientId: boutique.client('C-1'),
    message: 'A few pieces for the October gala.\nI can hold them until Friday.',
    itemIds: order.map(boutique.item),
  });
  store.setItemNote(
    s.id,
    boutique.item('SKU-TOTE'),
    'Matches your navy coat, "the long one".\nIn stock in Paris.',
  );
  store.setItemNote(s.id, boutique.item('SKU-RING'), '=HYPERLINK("http://evil.example")');
  camille = store.get(s.id);
});
afterAll(() => {
  boutique.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV export', () => {
  it('writes UTF-8 with a BOM, CRLF, RFC 4180 quoting, one row per item in order', () => {
    const bytes = selectionCsv(camille, options);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parse(bytes, { bom: true, relax_column_count: false });
    expect(rows).toEqual([
      ['Position', 'Reference', 'Maison', 'Title', 'Category', 'Price', 'Currency', 'Note'],
      [
        '1',
        'SKU-SCARF',
        'Hermès',
        'Carré en soie « Brides de Gala »',
        'Accessories > Silk scarves',
        '450.00',
        'EUR',
        '',
      ],
      [
        '2',
        'SKU-TOTE',
        'Maison Margiela',
        'Tote "Le Grand", cuir grainé',
        'Bags > Totes',
        '1890.00',
        'EUR',
        'Matches your navy coat, "the long one".\nIn stock in Paris.',
      ],
      ['3', 'SKU-WATCH', 'Cartier', 'Montre Tank Louis', 'Watches', '1250000', 'JPY', ''],
      // A note that would run as a formula in Excel is neutralised.
      [
        '4',
        'SKU-RING',
        'Van Cleef & Arpels',
        'Bague Quatre',
        'Jewellery > Rings',
        '',
        '',
        `'=HYPERLINK("http://evil.example")`,
      ],
      ['5', 'SKU-SHOE', '', 'Escarpins', 'Shoes', '790.00', 'EUR', ''],
    ]);
  });
});

describe('XLSX export', () => {
  it('has a styled frozen header, prices as numbers in their currency format, widths and the message sheet', async () => {
    const bytes = await selectionXlsx(camille, options);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Selection', 'Message']);

    const sheet = workbook.getWorksheet('Selection')!;
    expect(sheet.rowCount).toBe(6);
    const header = sheet.getRow(1);
    expect(header.values).toEqual([
      undefined,
      '#',
      'Reference',
      'Maison',
      'Title',
      'Category',
      'Price',
      'Currency',
      'Note',
    ]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(header.getCell(1).fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FF1F1B16' },
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(4).width).toBe(40);
    expect(sheet.getColumn(8).width).toBe(60);

    const rows = [2, 3, 4, 5, 6].map((r) => sheet.getRow(r));
    expect(rows.map((r) => r.getCell(4).value)).toEqual([
      'Carré en soie « Brides de Gala »',
      'Tote "Le Grand", cuir grainé',
      'Montre Tank Louis',
      'Bague Quatre',
      'Escarpins',
    ]);
    expect(rows.map((r) => r.getCell(6).value)).toEqual([450, 1890, 1_250_000, null, 790]);
    expect(rows.map((r) => r.getCell(6).numFmt)).toEqual([
      '"€"#,##0.00',
      '"€"#,##0.00',
      '"JP¥"#,##0',
      undefined,
      '"€"#,##0.00',
    ]);
    // Cells hold strings, never formulas, whatever the note says: neutralised as in the CSV.
    expect(rows[3]!.getCell(8).value).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rows[3]!.getCell(8).type).toBe(ExcelJS.ValueType.String);

    const message = workbook.getWorksheet('Message')!;
    const lines = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].map((r) => [message.getCell(r, 1).text, message.getCell(r, 2).text]),
    );
    expect(lines).toEqual({
      Selection: 'Autumn silks',
      Client: 'Camille Moreau',
      'Prepared by': 'Léa Martin',
      Boutique: 'Paris Faubourg',
      Date: '14 March 2026',
      Message: 'A few pieces for the October gala.\nI can hold them until Friday.',
    });
    expect(workbook.created.toISOString()).toBe(fixedNow);
  });
});

describe('XLSX export of hostile text', () => {
  it('neutralises every text that would run as a formula, keeps phone numbers readable, and stays so re-saved', async () => {
    const hostile = store.create({
      title: '=1+1',
      message: '@SUM(A1:A9)',
      itemIds: ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-RING'].map(boutique.item),
    });
    const notes = ['+33 6 12 34 56 78', "=cmd|' /C calc'!A0", '-2+3', '+1 (555) 010-9999'];
    notes.forEach((note, i) => store.setItemNote(hostile.id, boutique.item(order[i]!), note));
    const load = async (bytes: Buffer | ArrayBuffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as ArrayBuffer);
      return workbook;
    };
    const first = await load(await selectionXlsx(store.get(hostile.id), options));
    // What the associate would see after saving the workbook again in a spreadsheet.
    const resaved = await load(await first.xlsx.writeBuffer());
    for (const workbook of [first, resaved]) {
      const sheet = workbook.getWorksheet('Selection')!;
      const noteCells = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(8));
      expect(noteCells.map((c) => c.value)).toEqual([
        '+33 6 12 34 56 78',
        `'=cmd|' /C calc'!A0`,
        "'-2+3",
        '+1 (555) 010-9999',
      ]);
      // The phone numbers are text cells, shown as typed (no apostrophe), and stay text when edited.
      expect([noteCells[0]!, noteCells[3]!].map((c) => [c.type, c.numFmt, c.text])).toEqual([
        [ExcelJS.ValueType.String, '@', '+33 6 12 34 56 78'],
        [ExcelJS.ValueType.String, '@', '+1 (555) 010-9999'],
      ]);
      const message = workbook.getWorksheet('Message')!;
      expect([message.getCell(1, 2).value, message.getCell(6, 2).value]).toEqual(["'=1+1", "'@SUM(A1:A9)"]);
      workbook.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula)),
        ),
      );
    }
  });
});

describe('text export', () => {
  it('is a message ready to paste: greeting, message, numbered items with prices and notes', () => {
    expect(selectionText(camille, options)).toBe(
      [
        'Dear Camille,',
        '',
        'A few pieces for the October gala.',
        'I can hold them until Friday.',
        '',
        'The pieces I selected for you:',
        '',
        '1. Hermès — Carré en soie « Brides de Gala » — €450.00',
        '2. Maison Margiela — Tote "Le Grand", cuir grainé — €1,890.00',
        '   Matches your navy coat, "the long one".',
        '   In stock in Paris.',
        '3. Cartier — Montre Tank Louis — JP¥1,250,000',
        '4. Van Cleef & Arpels — Bague Quatre — Price on request',
        '   =HYPERLINK("http://evil.example")',
        '5. Escarpins — €790.00',
        '',
        'Kind regards,',
        'Léa Martin',
        'Paris Faubourg',
        '',
      ].join('\n'),
    );
  });

  it('formats prices in the chosen locale', () => {
    // ICU picks which no-break spaces French uses; the test looks at the words, not the space flavour.
    const text = selectionText(camille, { ...options, locale: 'fr-FR' }).replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('1. Hermès — Carré en soie « Brides de Gala » — 450,00 €');
    expect(text).toContain('3. Cartier — Montre Tank Louis — 1 250 000 JPY');
  });
});

describe('PDF lookbook', () => {
  it('has a cover, three items a page in order, notes, prices, page numbers', async () => {
    const bytes = await lookbookPdf(camille, { ...options, compress: false });
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { count, pages } = await readPdf(bytes);
    expect(count).toBe(3);
    expect(pages).toHaveLength(3);
    const [cover, first, second] = pages.map((p) => p.join('\n'));
    expect(pages[0]).toEqual([
      letterSpaced('PARIS FAUBOURG'),
      'Autumn silks',
      'For Camille Moreau',
      'A few pieces for the October gala.',
      'I can hold them until Friday.',
      // PDF.js reads the wide gaps around the dots as single spaces.
      '14 March 2026 · Prepared by Léa Martin · 5 pieces',
    ]);
    expect(cover).not.toMatch(/\d \/ 3/);
    expect(first).toContain('Carré en soie « Brides de Gala »');
    expect(first).toContain(letterSpaced('HERMÈS'));
    expect(first).toContain('€450.00');
    expect(first).toContain('Tote "Le Grand", cuir grainé');
    expect(first).toContain('€1,890.00');
    expect(first).toContain('Matches your navy coat, "the long one".\nIn stock in Paris.');
    expect(first).toContain('JP¥1,250,000');
    expect(first).toContain('2 / 3');
    // Titles in the selection's order.
    const at = (text: string, title: string) => text.indexOf(title);
    expect(at(first!, 'Carré')).toBeLessThan(at(first!, 'Tote'));
    expect(at(first!, 'Tote')).toBeLessThan(at(first!, 'Montre'));
    expect(second).toContain('Bague Quatre');
    expect(second).toContain('Price on request');
    expect(second).toContain('VCA'); // the SVG ring becomes a swatch with the maison's initials
    expect(second).toContain('Escarpins');
    expect(second).toContain('3 / 3');
    expect(second).not.toContain('Montre');
  });

  it('embeds the JPEG data URI and the PNG file, draws no picture for SVG or remote images', async () => {
    const pdf = (await lookbookPdf(camille, { ...options, compress: false })).toString('latin1');
    expect(pdf.match(/\/Subtype \/Image/g)?.length).toBe(2);
    expect(pdf).toContain('/DCTDecode');
    const withoutRoot = (
      await lookbookPdf(camille, { ...options, imageFolders: [], compress: false })
    ).toString('latin1');
    expect(withoutRoot.match(/\/Subtype \/Image/g)?.length).toBe(1);
  });

  it('is deterministic for one clock and records it in the metadata', async () => {
    const a = await lookbookPdf(camille, options);
    const b = await lookbookPdf(camille, options);
    expect(a.equals(b)).toBe(true);
    const later = await lookbookPdf(camille, { ...options, clock: fixedClock('2026-03-15T10:30:00.000Z') });
    expect(a.equals(later)).toBe(false);
    const raw = (await lookbookPdf(camille, { ...options, compress: false })).toString('latin1');
    // pdfkit writes the info values as indirect objects: creation and modification date, then the title.
    expect(raw.match(/\n\(D:20260314103000Z\)\n/g)).toHaveLength(2);
    expect(raw).toContain('\n(Autumn silks)\n');
  });

  it('paginates: 1 + ceil(n / 3) pages, and a long message gets a page of its own, uncut', async () => {
    const big = store.create({
      title: 'Everything',
      itemIds: ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-RING', 'SKU-SHOE', 'SKU-BELT'].map(boutique.item),
    });
    expect((await readPdf(await lookbookPdf(big, { ...options, compress: false }))).count).toBe(3);
    const seven = store.create({ title: 'One', itemIds: [boutique.item('SKU-BELT')] });
    expect((await readPdf(await lookbookPdf(seven, { ...options, compress: false }))).count).toBe(2);
    const sentence = 'Every piece here was chosen with your autumn travels in mind. ';
    const long = store.update(seven.id, { message: sentence.repeat(40).trim() + ' THE END' });
    const { count, pages } = await readPdf(await lookbookPdf(long, { ...options, compress: false }));
    expect(count).toBe(3);
    expect(pages[0]!.join(' ')).not.toContain('Every piece');
    expect(pages[1]!.join(' ')).toContain('THE END');
    expect(pages[2]!.join(' ')).toContain('Ceinture H');
  });

  it('ends an overlong title or note with an ellipsis rather than running off the page', async () => {
    const long = store.create({
      title: 'Long',
      itemIds: [boutique.item('SKU-BELT'), boutique.item('SKU-SHOE')],
    });
    const lines = Array.from({ length: 60 }, (_, i) => `Line ${i + 1} of the note`);
    store.setItemNote(long.id, boutique.item('SKU-BELT'), lines.join('\n'));
    const { count, pages } = await readPdf(
      await lookbookPdf(store.get(long.id), { ...options, compress: false }),
    );
    // The long note's block takes a page of its own; the next item goes to the next page.
    expect(count).toBe(3);
    const note = pages[1]!.filter((l) => l.startsWith('Line '));
    expect(note.length).toBeGreaterThan(20);
    expect(note.length).toBeLessThan(60);
    expect(note.at(-1)).toMatch(/…$/);
    expect(pages[2]!.join('\n')).toContain('Escarpins');
  });

  it('writes Latin, Greek and Cyrillic as they are, and a script the fonts lack as "?"', async () => {
    const s = store.create({
      title: 'Łódź, Αθήνα, Москва — 東京 edit',
      itemIds: [boutique.item('SKU-BELT')],
    });
    const { pages } = await readPdf(await lookbookPdf(s, { ...options, compress: false }));
    expect(flowing(pages[0]!)).toContain('Łódź, Αθήνα, Москва — ?? edit');
  });

  it('draws hostile text as text: no PDF operators, actions or links escape from a title or a note', async () => {
    const s = store.create({
      title: 'Gala) Tj ET /JavaScript (app.alert(1)',
      itemIds: [boutique.item('SKU-BELT')],
    });
    store.setItemNote(s.id, boutique.item('SKU-BELT'), '>> endobj 9 0 obj << /S /Launch /F (calc.exe) >> \\');
    const bytes = await lookbookPdf(store.get(s.id), { ...options, compress: false });
    const { pages } = await readPdf(bytes);
    expect(flowing(pages[0]!)).toContain('Gala) Tj ET /JavaScript (app.alert(1)');
    expect(flowing(pages[1]!)).toContain('>> endobj 9 0 obj << /S /Launch /F (calc.exe) >> \\');
    const raw = bytes.toString('latin1');
    // The title is also the document's metadata: a literal string there, its parentheses escaped.
    expect(raw).toContain('\n(Gala\\) Tj ET /JavaScript \\(app.alert\\(1\\))\n');
    for (const action of ['/S /Launch', '/S /JavaScript', '/OpenAction', '/AA', '/URI'])
      expect(raw, action).not.toContain(action);
  });

  it('falls back to the standard PDF fonts, spelling text in WinAnsi, when the Noto files are missing', async () => {
    const s = store.create({ title: 'Łódź — 東京 edit', itemIds: [boutique.item('SKU-BELT')] });
    const pdf = await lookbookPdf(s, { ...options, compress: false, typefaces: standardTypefaces() });
    expect((await readPdf(pdf)).pages[0]).toContain('Lódz — ?? edit');
    expect(pdf.toString('latin1')).toContain('/BaseFont /Times-Roman');
    expect(pdf.toString('latin1')).not.toContain('/FontFile2');
  });
});

describe('printable HTML lookbook', () => {
  it('is self-contained: a CSP allowing only inline images and styles, every picture inlined', () => {
    const html = lookbookHtml(camille, options);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/<script|src="http|href=/);
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(1);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(1);
    expect(html.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(1);
    expect(html.match(/class="swatch"/g)).toHaveLength(2); // the remote watch picture and the pictureless shoes
    expect(html).toContain('<p class="for">For Camille Moreau</p>');
    expect(html).toContain('Tote &quot;Le Grand&quot;, cuir grainé');
    expect(html).toContain('@bottom-center { content: counter(page) " / " counter(pages)');
    const titles = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map(([, t]) => t);
    expect(titles).toEqual([
      'Carré en soie « Brides de Gala »',
      'Tote &quot;Le Grand&quot;, cuir grainé',
      'Montre Tank Louis',
      'Bague Quatre',
      'Escarpins',
    ]);
  });

  it('escapes what the associate typed', () => {
    const s = store.create({ title: '<script>alert(1)</script>', message: '<img src=x onerror=alert(1)>' });
    const html = lookbookHtml(s, options);
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>');
  });

  it('escapes hostile text in an item note and keeps the picture attributes closed', () => {
    const s = store.create({ title: 'Notes', itemIds: [boutique.item('SKU-TOTE')] });
    store.setItemNote(s.id, boutique.item('SKU-TOTE'), '"><script>alert(1)</script><a href="javascript:x">');
    const html = lookbookHtml(store.get(s.id), options);
    expect(html).toContain(
      '<p class="note">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;javascript:x&quot;&gt;</p>',
    );
    expect(html).not.toMatch(/<script|<a\s|href="/);
  });
});

describe('marketing consent', () => {
  it('refuses every format for a client who refused marketing, unless acknowledged', async () => {
    const helene = store.create({
      title: 'Watches',
      clientId: boutique.client('C-2'),
      itemIds: [boutique.item('SKU-WATCH')],
    });
    expect(marketingConsentStatus(helene)).toEqual({
      required: true,
      clientId: boutique.client('C-2'),
      clientName: 'Mme Hélène Dubois',
    });
    expect(marketingConsentStatus(camille).required).toBe(false);
    for (const format of exportFormats) {
      const refused = await exportSelection(helene, format, options).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, format).toBeInstanceOf(ConsentRequiredError);
      expect((refused as ConsentRequiredError).kind).toBe('consent-required');
      expect((refused as Error).message).toMatch(/Mme Hélène Dubois .* refused marketing/);
      const file = await exportSelection(helene, format, { ...options, acknowledgeNoMarketingConsent: true });
      expect(file.bytes.length, format).toBeGreaterThan(0);
    }
    expect(() => selectionText(helene, options)).toThrow(ConsentRequiredError);
    expect(selectionText(helene, { ...options, acknowledgeNoMarketingConsent: true })).toMatch(
      /^Dear Mme Hélène Dubois,\n/,
    );
  });

  it('needs nothing for a selection for no one in particular', async () => {
    const window = store.create({ title: 'Window display', itemIds: [boutique.item('SKU-TOTE')] });
    expect(marketingConsentStatus(window).required).toBe(false);
    const file = await exportSelection(window, 'text', options);
    expect(file.fileName).toBe('window-display.txt');
    expect(file.bytes.toString()).toMatch(/^Hello,\n/);
  });
});

describe('exportSelection', () => {
  it('names the file from the title and client and gives its MIME type', async () => {
    const file = await exportSelection(camille, 'xlsx', options);
    expect(file.fileName).toBe('autumn-silks-camille-moreau.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await exportSelection(camille, 'pdf', options)).mimeType).toBe('application/pdf');
  });
});
