import { describe, expect, it } from 'vitest';
import { CellError, toText } from '../../../core/import/values/cells.js';
import { parseMoney, parseQuantity } from '../../../core/import/values/numbers.js';
import { parseDate } from '../../../core/import/values/dates.js';
import {
  defaultBooleanWords,
  defaultKindWords,
  parseBoolean,
  parseKind,
} from '../../../core/import/values/words.js';
import {
  firstImage,
  htmlToText,
  parseList,
  parsePath,
  parseSizes,
} from '../../../core/import/values/text.js';

const eur = { currency: 'EUR' };
const minor = (text: string, options: Parameters<typeof parseMoney>[1] = eur) =>
  parseMoney(text, options)?.minor;

describe('parseMoney', () => {
  it.each([
    ['1 234,50 €', 123450],
    ['$1,234.50', 123450],
    ['.5', 50],
    ['0.07', 7],
    ['12,5', 1250],
    ['1.234,50', 123450],
    ["CHF 1'200.00", 120000],
    ['1\u202f234,00', 123400],
    ['EUR 99', 9900],
    ['99 EUR', 9900],
    ['(12.00)', -1200],
    ['-5,00', -500],
    ['1.50-', -150],
    ['1200', 120000],
    ['1,234', 123400],
    ['1.234.567', 123456700],
  ])('reads %j as %i minor units', (text, expected) => {
    expect(minor(text)).toBe(expected);
  });

  it('reports the currency written next to the amount', () => {
    expect(parseMoney('$1,234.50', eur)).toEqual({ minor: 123450, currency: 'USD' });
    expect(parseMoney('£ 3.50', { currency: null })).toEqual({ minor: 350, currency: 'GBP' });
    expect(parseMoney('12.50', eur)).toEqual({ minor: 1250, currency: null });
  });

  it('uses the minor units of the currency (JPY none, KWD three)', () => {
    expect(minor('1,234', { currency: 'JPY' })).toBe(1234);
    expect(minor('1.234', { currency: 'KWD' })).toBe(1234);
    expect(() => parseMoney('12.5', { currency: 'JPY' })).toThrow('has more decimals than JPY allows');
  });

  it('follows an explicit decimal separator', () => {
    expect(minor('1.234,5', { currency: 'EUR', decimalSeparator: ',' })).toBe(123450);
    expect(minor('1,234', { currency: 'EUR', decimalSeparator: '.' })).toBe(123400);
    expect(() => parseMoney('1.5', { currency: 'EUR', decimalSeparator: ',' })).toThrow(CellError);
  });

  it('reads numbers from XLSX/JSON exactly', () => {
    expect(minor(18450.5 as unknown as string, { currency: 'CHF' })).toBe(1845050);
    expect(() => parseMoney(1.005, eur)).toThrow('has more decimals than EUR allows');
  });

  it('rejects what is not a price, and reads blanks as no price', () => {
    expect(() => parseMoney('trois cents', eur)).toThrow('"trois cents" is not a price');
    expect(() => parseMoney('1,2,3', eur)).toThrow('is not a price');
    expect(parseMoney('  ', eur)).toBeNull();
    expect(parseMoney(null, eur)).toBeNull();
  });
});

describe('parseDate', () => {
  const dmy = { order: 'dd/mm/yyyy', offsetMinutes: 0 } as const;
  it.each([
    ['2025-05-11 09:55:16 -0400', '2025-05-11T13:55:16.000Z'],
    ['2025-05-11', '2025-05-11T00:00:00.000Z'],
    ['2025-05-11T09:55:16Z', '2025-05-11T09:55:16.000Z'],
    ['2025-05-11T09:55:16.123+02:00', '2025-05-11T07:55:16.123Z'],
    ['11/05/2025', '2025-05-11T00:00:00.000Z'],
    ['31/12/2024 18:30', '2024-12-31T18:30:00.000Z'],
    ['15.01.24', '2024-01-15T00:00:00.000Z'],
    ['2024/01/15', '2024-01-15T00:00:00.000Z'],
    ['3/4/2025 2:05 PM', '2025-04-03T14:05:00.000Z'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDate(text, dmy)).toBe(iso);
  });

  it('reads mm/dd/yyyy when told, and applies the offset to times without one', () => {
    expect(parseDate('12/31/2024', { order: 'mm/dd/yyyy', offsetMinutes: 0 })).toBe(
      '2024-12-31T00:00:00.000Z',
    );
    expect(parseDate('2025-05-11 09:55', { order: 'dd/mm/yyyy', offsetMinutes: 120 })).toBe(
      '2025-05-11T07:55:00.000Z',
    );
  });

  it('reads Excel dates, Excel serial days and Unix seconds', () => {
    expect(parseDate(new Date(Date.UTC(2024, 0, 15)), dmy)).toBe('2024-01-15T00:00:00.000Z');
    expect(parseDate(45306, dmy)).toBe('2024-01-15T00:00:00.000Z');
    expect(parseDate(1743500000, dmy)).toBe('2025-04-01T09:33:20.000Z');
  });

  it('rejects impossible and unreadable dates with the format it expected', () => {
    expect(() => parseDate('12/31/2024', dmy)).toThrow(
      '"12/31/2024" is not a valid date (read as dd/mm/yyyy; set "dateFormat" in the mapping)',
    );
    expect(() => parseDate('29/02/2023', dmy)).toThrow('is not a valid date');
    expect(parseDate('29/02/2024', dmy)).toBe('2024-02-29T00:00:00.000Z');
    expect(() => parseDate('yesterday', dmy)).toThrow(
      '"yesterday" is not a date (expected dd/mm/yyyy or ISO',
    );
  });
});

describe('booleans, kinds, lists', () => {
  it('reads yes/no words and refuses others', () => {
    expect(['Yes', 'oui', '1', 'TRUE', 'x'].map((w) => parseBoolean(w, defaultBooleanWords))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['no', 'Non', '0', 'false'].map((w) => parseBoolean(w, defaultBooleanWords))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(parseBoolean('', defaultBooleanWords)).toBeNull();
    expect(() => parseBoolean('maybe', defaultBooleanWords)).toThrow('"maybe" is not yes/no');
  });

  it('maps interaction words to kinds', () => {
    expect(
      ['Sale', 'REFUND', 'Essayage', 'try_on', 'Favourite', 'view'].map((k) =>
        parseKind(k, defaultKindWords),
      ),
    ).toEqual(['purchase', 'return', 'try-on', 'try-on', 'wishlist', 'view']);
    expect(() => parseKind('gift', defaultKindWords)).toThrow(
      '"gift" is not an interaction kind (purchase, return, try-on, wishlist, view;',
    );
    expect(() => parseKind('constructor', defaultKindWords)).toThrow('is not an interaction kind');
  });

  it('splits lists and category paths', () => {
    expect(parseList('Blue, Green; Red|Blue', /[,;|]/)).toEqual(['Blue', 'Green', 'Red']);
    expect(parseList(['or', ' saphir '], /,/)).toEqual(['or', 'saphir']);
    expect(parsePath('Clothing > Tshirts', '>')).toEqual(['Clothing', 'Tshirts']);
    expect(parsePath('Clothing > Hoodies, Clothing', '>')).toEqual(['Clothing', 'Hoodies']);
    expect(parsePath('Home, Women, Dresses', ',')).toEqual(['Home', 'Women', 'Dresses']);
  });

  it('reads quantities, sizes, text', () => {
    expect(parseQuantity('2')).toBe(2);
    expect(() => parseQuantity('1.5')).toThrow('"1.5" is not a whole number');
    expect(parseSizes('shoe: 38; ring=52')).toEqual({ shoe: '38', ring: '52' });
    expect(parseSizes({ ring: 48 })).toEqual({ ring: '48' });
    expect(parseSizes('{"jacket": "50"}')).toEqual({ jacket: '50' });
    expect(() => parseSizes('38')).toThrow('is not a list of sizes like "shoe: 38; ring: 52"');
    expect(toText(1001)).toBe('1001');
    expect(toText('  ')).toBeNull();
    expect(() => toText({ a: 1 })).toThrow('is a list or an object, expected text');
  });

  it('turns HTML descriptions into text and keeps the first image of a list', () => {
    expect(
      htmlToText(
        '<p>Gemstone pendant, <b>silver</b>.</p>\n<ul>\n<li>14 inches</li>\n<li>Made &amp; sold&#39;s</li>\n</ul>',
      ),
    ).toBe("Gemstone pendant, silver.\n- 14 inches\n- Made & sold's");
    expect(htmlToText('Line\u2028break')).toBe('Line\nbreak');
    expect(firstImage('https://a/1.jpg, https://a/2.jpg')).toBe('https://a/1.jpg');
    expect(firstImage('https://a/1.jpg')).toBe('https://a/1.jpg');
    expect(firstImage('')).toBeNull();
  });
});
