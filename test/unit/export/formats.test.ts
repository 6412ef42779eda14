import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { csvField, csvRows, neutraliseFormula } from '../../../core/export/csv.js';
import { inkOn, placeholderColour, resolveImage, svgColour } from '../../../core/export/images.js';
import { exportFileName, selectionText } from '../../../core/export/index.js';
import { greetingName, initialsOf } from '../../../core/export/lookbook.js';
import {
  currencyDigits,
  decimalPrice,
  excelCurrencyFormat,
  formatPrice,
} from '../../../core/export/money.js';
import { toWinAnsi } from '../../../core/export/winansi.js';
import type { Selection, SelectionItem } from '../../../core/api/contract/selections.js';

const item = (over: Partial<SelectionItem>): SelectionItem => ({
  itemId: 1,
  externalId: 'SKU-1',
  position: 0,
  note: '',
  title: 'Item',
  maison: null,
  priceMinor: null,
  currency: null,
  image: null,
  category: [],
  ...over,
});

const selection: Selection = {
  id: 7,
  title: 'Pour la Saint-Valentin',
  message: 'Voici quelques idées.',
  author: null,
  createdAt: '2026-02-01T10:00:00.000Z',
  updatedAt: '2026-02-01T10:00:00.000Z',
  client: {
    id: 3,
    externalId: 'C-3',
    name: 'Dr. Ines Ferreira',
    email: null,
    tier: 'Gold',
    store: 'Lisboa Chiado',
    associate: null,
    consentMarketing: true,
  },
  items: [
    item({
      itemId: 1,
      title: 'Foulard',
      maison: 'Loewe',
      priceMinor: 39_500,
      currency: 'EUR',
      note: 'Rouge.',
    }),
    item({ itemId: 2, position: 1, title: 'Bracelet', priceMinor: 125_000, currency: 'USD' }),
  ],
};

describe('csv', () => {
  it('quotes only what RFC 4180 needs and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(
      csvRows([
        ['a', 'b,c'],
        ['"', ''],
      ]),
    ).toBe('a,"b,c"\r\n"""",\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+33 6', '-x', '@SUM(A1)', '\tx', 'Fine', ''].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+33 6",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      'Fine',
      '',
    ]);
  });
});

describe('money', () => {
  it('knows each currency’s minor digits', () => {
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
    expect([
      decimalPrice(45_000, 'EUR'),
      decimalPrice(1_250_000, 'JPY'),
      decimalPrice(12_345, 'KWD'),
    ]).toEqual(['450.00', '1250000', '12.345']);
  });

  it('formats in the locale, with a wording for a missing price', () => {
    expect(formatPrice(45_000, 'EUR', 'en-GB')).toBe('€450.00');
    expect(formatPrice(125_000, 'USD', 'en-US')).toBe('$1,250.00');
    expect(formatPrice(1_250_000, 'JPY', 'en-GB')).toBe('JP¥1,250,000');
    expect(formatPrice(45_000, 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('450,00 €');
    expect(formatPrice(null, 'EUR', 'en-GB')).toBe('Price on request');
    expect(formatPrice(null, null, 'en-GB', 'Sur demande')).toBe('Sur demande');
  });

  it('builds Excel number formats with the symbol on the locale’s side', () => {
    expect(excelCurrencyFormat('EUR', 'en-GB')).toBe('"€"#,##0.00');
    expect(excelCurrencyFormat('EUR', 'fr-FR')).toBe('#,##0.00" €"');
    expect(excelCurrencyFormat('JPY', 'en-US')).toBe('"¥"#,##0');
    expect(excelCurrencyFormat('KWD', 'en-GB')).toBe('"KWD"#,##0.000');
  });
});

describe('lookbook wording', () => {
  it('greets by first name, or the full name after a title', () => {
    expect(greetingName('Camille Moreau')).toBe('Camille');
    expect(greetingName('  Camille  ')).toBe('Camille');
    expect(greetingName('Mme Hélène Dubois')).toBe('Mme Hélène Dubois');
    expect(greetingName('Dr. Ines Ferreira')).toBe('Dr. Ines Ferreira');
    expect(greetingName('Mr')).toBe('Mr');
  });

  it('takes initials from the significant words', () => {
    expect(initialsOf('Van Cleef & Arpels')).toBe('VCA');
    expect(initialsOf('Hermès')).toBe('H');
    expect(initialsOf('Maison de la Soie')).toBe('MS');
    expect(initialsOf('Dolce & Gabbana')).toBe('DG');
    expect(initialsOf('écharpe longue')).toBe('ÉL');
    expect(initialsOf('a b c d e')).toBe('ABC');
    expect(initialsOf('&')).toBe('·');
  });

  it('writes the text message exactly', () => {
    expect(selectionText(selection, { clock: fixedClock('2026-02-01T10:00:00Z'), associate: 'Rui' })).toBe(
      'Dear Dr. Ines Ferreira,\n\nVoici quelques idées.\n\nThe pieces I selected for you:\n\n' +
        '1. Loewe — Foulard — €395.00\n   Rouge.\n2. Bracelet — US$1,250.00\n\nKind regards,\nRui\nLisboa Chiado\n',
    );
    const one = { ...selection, message: '', client: null, items: selection.items.slice(1) };
    expect(selectionText(one)).toBe(
      'Hello,\n\nThe piece I selected for you:\n\n1. Bracelet — US$1,250.00\n\nKind regards,\n',
    );
  });

  it("signs with the associate who prepared the selection, before the client's own associate", () => {
    const clock = fixedClock('2026-02-01T10:00:00Z');
    const client = { ...selection.client!, associate: 'Marta Sousa' };
    const prepared = { ...selection, author: 'Rui Almeida', client };
    expect(selectionText(prepared, { clock })).toMatch(/Kind regards,\nRui Almeida\nLisboa Chiado\n$/);
    // Made before authors were recorded: the client's associate, as before.
    expect(selectionText({ ...prepared, author: null }, { clock })).toMatch(
      /\nMarta Sousa\nLisboa Chiado\n$/,
    );
    // An explicit signature still wins.
    expect(selectionText(prepared, { clock, associate: 'Rui' })).toMatch(/\nRui\nLisboa Chiado\n$/);
  });

  it('names files safely', () => {
    expect(exportFileName(selection, 'pdf')).toBe('pour-la-saint-valentin-dr-ines-ferreira.pdf');
    expect(exportFileName({ ...selection, title: '東京', client: null }, 'csv')).toBe('selection-7.csv');
    expect(exportFileName({ ...selection, title: 'a'.repeat(100), client: null }, 'text')).toBe(
      `${'a'.repeat(80)}.txt`,
    );
  });
});

describe('pdf text', () => {
  it('keeps WinAnsi, strips accents it lacks, spells other scripts as ?', () => {
    expect(toWinAnsi('Carré « soie » – 450 € ™ œ')).toBe('Carré « soie » – 450 € ™ œ');
    expect(toWinAnsi('Łódź Čapek Ærø')).toBe('Lódz Capek Ærø');
    expect(toWinAnsi('東京 Ωmega')).toBe('?? ?mega');
    expect(toWinAnsi('1\u202f250\u00a0€\tx')).toBe('1\u00a0250\u00a0€ x');
  });
});

describe('images', () => {
  it('reads data URIs: SVG (with its colour), PNG/JPEG sniffed from bytes, anything else none', () => {
    const svg = resolveImage(
      `data:image/svg+xml;utf8,${encodeURIComponent('<svg><rect fill="#FFF"/><path fill="#7A4E3B"/></svg>')}`,
    );
    expect(svg).toMatchObject({ kind: 'svg', colour: '#7a4e3b' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(resolveImage(`data:image/png;base64,${png.toString('base64')}`)).toMatchObject({
      kind: 'raster',
      mime: 'image/png',
    });
    // A label that lies about its bytes is not trusted.
    const notAnImage = { kind: 'none', refused: 'it is not a PNG, JPEG or WebP image' };
    expect(resolveImage(`data:image/jpeg;base64,${Buffer.from('not a jpeg').toString('base64')}`)).toEqual(
      notAnImage,
    );
    expect(resolveImage('data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toEqual(notAnImage);
    const webp = Buffer.from('RIFF\x24\0\0\0WEBPVP8 ', 'latin1');
    expect(resolveImage(`data:image/webp;base64,${webp.toString('base64')}`)).toMatchObject({
      kind: 'raster',
      mime: 'image/webp',
    });
    // An SVG label on bytes that are no SVG is not drawn as one.
    expect(resolveImage('data:image/svg+xml;base64,AAECAw==')).toEqual(notAnImage);
    expect(resolveImage('https://cdn.example.com/a.jpg')).toEqual({ kind: 'none' });
    // A file path with no image folder to read it from is never read.
    expect(resolveImage('relative.png')).toEqual({
      kind: 'none',
      refused: 'no image folder is set (the image store or a photo folder)',
    });
    expect(resolveImage('/etc/passwd')).toEqual({
      kind: 'none',
      refused: 'no image folder is set (the image store or a photo folder)',
    });
    expect(resolveImage(null)).toEqual({ kind: 'none' });
  });

  it('takes the first dark fill of an SVG (its accent), else the first fill', () => {
    expect(
      svgColour('<rect fill="#e7ded9"/><rect fill="#FFF"/><g fill="#7A4A2A"/><circle fill="#123"/>'),
    ).toBe('#7a4a2a');
    expect(svgColour('<rect fill="#FFF"/><rect style="fill:#abc"/>')).toBe('#ffffff');
    expect(svgColour('<rect style="fill: #333"/>')).toBe('#333333');
    expect(svgColour('<rect fill="none"/>')).toBeNull();
  });

  it('chooses placeholder colours and readable ink', () => {
    expect(placeholderColour({ kind: 'svg', dataUri: '', colour: '#123456' }, 'x')).toBe('#123456');
    expect(placeholderColour({ kind: 'none' }, 'Hermès')).toBe(placeholderColour({ kind: 'none' }, 'Hermès'));
    expect(placeholderColour({ kind: 'none' }, 'Hermès')).toMatch(/^#[0-9a-f]{6}$/);
    expect(inkOn('#ffffff')).toBe('#2a2520');
    expect(inkOn('#1f1b16')).toBe('#f7f3ec');
  });
});
