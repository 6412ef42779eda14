import type { Cell } from '../types.js';
import { CellError, isBlank, quote } from './cells.js';

/** Prices read exactly from their digits, in the currency's minor units, and whole quantities. */

const currencySymbols: ReadonlyArray<readonly [string, string]> = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['A$', 'AUD'],
  ['HK$', 'HKD'],
  ['S$', 'SGD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₩', 'KRW'],
  ['₹', 'INR'],
  ['$', 'USD'],
];
const minorDigitsCache = new Map<string, number>();

/** Digits after the decimal point for a currency (EUR 2, JPY 0, KWD 3), from the platform's ISO 4217 data. */
export function minorDigits(currency: string | null): number {
  if (currency === null) return 2;
  let digits = minorDigitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    minorDigitsCache.set(currency, digits);
  }
  return digits;
}

export interface Money {
  readonly minor: number;
  /** The currency written next to the amount ("€", "USD"), if any. */
  readonly currency: string | null;
}

export interface MoneyOptions {
  readonly currency: string | null;
  readonly decimalSeparator?: ',' | '.' | undefined;
}

/**
 * Reads a price as exports write it: "1 234,50 €", "$1,234.50", ".5", "(12.00)", "EUR 99", or a number.
 * Works on the digits as text so "0.07" is exactly 7 cents. A lone separator followed by exactly three
 * digits ("1,234" or "1.234") is read as a thousands separator unless the mapping sets `decimalSeparator`:
 * prices with three decimals are rarer than prices over a thousand.
 */
const plainDecimal = /^\s*(-?)(\d+)(?:\.(\d{1,3}))?\s*$/;

export function parseMoney(value: Cell, options: MoneyOptions): Money | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number') {
    const digits = minorDigits(options.currency);
    const scaled = value * 10 ** digits;
    const minor = Math.round(scaled);
    if (!Number.isFinite(value) || Math.abs(scaled - minor) > 1e-6)
      throw new CellError(`${value} has more decimals than ${options.currency ?? 'the currency'} allows`);
    return { minor, currency: null };
  }
  if (typeof value !== 'string') throw new CellError(`${quote(value)} is not a price`);
  const plain = plainDecimal.exec(value);
  const plainDigits = minorDigits(options.currency);
  if (
    plain !== null &&
    (plain[3] === undefined || (plain[3].length <= plainDigits && options.decimalSeparator !== ','))
  ) {
    // The common case ("12.50", "-5", "1200"), read without the general path's rewriting.
    const minor =
      Number(plain[2]) * 10 ** plainDigits + Number((plain[3] ?? '').padEnd(plainDigits, '0') || '0');
    if (Number.isSafeInteger(minor))
      return { minor: plain[1] === '-' && minor !== 0 ? -minor : minor, currency: null };
  }
  let text = value.trim();
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  let currency: string | null = null;
  const code = /^([A-Z]{3})\s*(?=[-+.,\d])|(?<=[\d.,])\s*([A-Z]{3})$/.exec(text);
  if (code) {
    currency = code[1] ?? code[2] ?? null;
    text = text.replace(code[0], '');
  }
  for (const [symbol, iso] of currencySymbols) {
    if (text.includes(symbol)) {
      currency ??= iso;
      text = text.replace(symbol, '');
      break;
    }
  }
  text = text.replace(/[\s\u00a0\u202f'’]/g, '');
  if (text.startsWith('-') || text.endsWith('-')) {
    negative = !negative;
    text = text.startsWith('-') ? text.slice(1) : text.slice(0, -1);
  } else if (text.startsWith('+')) text = text.slice(1);
  if (!/^[\d.,]*\d[\d.,]*$/.test(text)) throw new CellError(`${quote(value)} is not a price`);

  const effectiveCurrency = currency ?? options.currency;
  const digits = minorDigits(effectiveCurrency);
  const decimal = decimalSeparatorOf(text, options.decimalSeparator, digits);
  const [integerPart = '', fraction = '', ...rest] = decimal === null ? [text] : text.split(decimal);
  const grouping = decimal === ',' ? '.' : decimal === '.' ? ',' : text.includes('.') ? '.' : ',';
  if (rest.length > 0 || fraction.includes(grouping) || !validGrouping(integerPart, grouping))
    throw new CellError(`${quote(value)} is not a price`);
  const whole = integerPart.split(grouping).join('') || '0';
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits)
    throw new CellError(`${quote(value)} has more decimals than ${effectiveCurrency ?? 'a price'} allows`);
  const minor = Number(whole) * 10 ** digits + Number(significant.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new CellError(`${quote(value)} is too large for a price`);
  return { minor: negative && minor !== 0 ? -minor : minor, currency };
}

function decimalSeparatorOf(text: string, forced: ',' | '.' | undefined, digits: number): ',' | '.' | null {
  const dot = text.lastIndexOf('.');
  const comma = text.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  const sep = dot >= 0 ? '.' : comma >= 0 ? ',' : null;
  if (sep === null) return null;
  if (forced) return forced;
  if (text.indexOf(sep) !== text.lastIndexOf(sep)) return null; // 1.234.567: grouping only
  const [before = '', after = ''] = text.split(sep);
  const looksGrouped = after.length === 3 && /^[1-9]\d{0,2}$/.test(before) && digits !== 3;
  return looksGrouped ? null : sep;
}

const groupedWith: Readonly<Record<string, RegExp>> = {
  ',': /^\d{1,3}(,\d{3})+$/,
  '.': /^\d{1,3}(\.\d{3})+$/,
};

function validGrouping(integerPart: string, grouping: string): boolean {
  if (!integerPart.includes(grouping)) return /^\d*$/.test(integerPart);
  return groupedWith[grouping]!.test(integerPart);
}

export function parseQuantity(value: Cell): number | null {
  if (isBlank(value)) return null;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(value.trim().replace(',', '.'))
        : NaN;
  if (!Number.isInteger(n)) throw new CellError(`${quote(value)} is not a whole number`);
  return n;
}

/** Scientific notation where an id or a phone number was: "7.02255E+12", "4,4E+11". */
const excelDamaged = /^[+-]?\d(?:[.,]\d+)?E\+?\d+$/i;

/**
 * Why an id or a phone number cannot be taken (Excel turned it into a shortened number, whose digits are
 * lost: two clients would merge, a phone would ring someone else), or null.
 */
export function excelShortened(text: string): string | null {
  return excelDamaged.test(text)
    ? `"${text}" is a number Excel shortened: its digits are lost. Format the column as Text in ` +
        'Excel (or export it again from the source system) and import the file again'
    : null;
}
