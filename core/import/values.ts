import { interactionKinds, type InteractionKind } from '../domain/catalog.js';
import type { Cell } from './types.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/** A cell that cannot be read as its field's type; the message names the value and what was expected. */
export class CellError extends CoreError<'bad-cell'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-cell', 'bad-input', message, options);
  }
}

const quote = (value: Cell): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.length > 60 ? text.slice(0, 57) + '...' : text}"`;
};

export function isBlank(value: Cell | undefined): value is null | undefined | '' {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Text of a cell: numbers as written (an XLSX id 1001 stays "1001"), dates as ISO. */
export function toText(value: Cell): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  throw new CellError(`${quote(value)} is a list or an object, expected text`);
}

// ---------- money ----------

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

// ---------- dates ----------

export type DateOrder = 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'yyyy-mm-dd';
export interface DateOptions {
  readonly order: DateOrder;
  /** Offset applied to times written without one, in minutes east of UTC. */
  readonly offsetMinutes: number;
}

const isoDate =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const slashDate =
  /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

export function parseOffset(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Reads a date or timestamp into ISO-8601 UTC: ISO, "2025-05-11 09:55:16 -0400", dd/mm/yyyy, Excel dates. */
export function parseDate(value: Cell, options: DateOptions): string | null {
  if (isBlank(value)) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CellError('is not a valid date');
    return value.toISOString();
  }
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string') throw new CellError(`${quote(value)} is not a date`);
  const text = value.trim();
  const iso = isoDate.exec(text);
  if (iso) return build(value, +iso[1]!, +iso[2]!, +iso[3]!, iso.slice(4, 8), iso[8], options);
  const m = slashDate.exec(text);
  if (m) {
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    let year: number, month: number, day: number;
    if (a.length === 4) [year, month, day] = [+a, +b, +c];
    else if (c.length === 4 || c.length === 2) {
      year = c.length === 2 ? (+c < 70 ? 2000 + +c : 1900 + +c) : +c;
      [day, month] = options.order === 'mm/dd/yyyy' ? [+b, +a] : [+a, +b];
    } else throw new CellError(`${quote(value)} is not a date`);
    let hour = m[4];
    if (m[7] && hour !== undefined) {
      const h = +hour % 12;
      hour = String(/^p/i.test(m[7]) ? h + 12 : h);
    }
    return build(value, year, month, day, [hour, m[5], m[6], undefined], m[8], options);
  }
  throw new CellError(`${quote(value)} is not a date (expected ${options.order} or ISO yyyy-mm-dd)`);
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function build(
  raw: string,
  year: number,
  month: number,
  day: number,
  time: (string | undefined)[],
  zone: string | undefined,
  options: DateOptions,
): string {
  const [hour = 0, minute = 0, second = 0] = time.slice(0, 3).map((t) => (t === undefined ? 0 : +t));
  const ms = time[3] === undefined ? 0 : Math.round(Number(`0.${time[3]}`) * 1000);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : (monthDays[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
    throw new CellError(
      `${quote(raw)} is not a valid date (read as ${options.order}; set "dateFormat" in the mapping)`,
    );
  const offset = zone === undefined ? options.offsetMinutes : parseOffset(zone);
  if (offset === null) throw new CellError(`${quote(raw)} has an unknown time zone`);
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  return new Date(epoch).toISOString();
}

/** Numbers in a date column: Excel serial days, or Unix seconds/milliseconds from JSON. */
function fromNumber(value: number): string {
  let epoch: number;
  if (value >= 1e11) epoch = value;
  else if (value >= 1e9) epoch = value * 1000;
  else if (value > 0 && value < 2_958_466) epoch = Math.round((value - 25_569) * 86_400_000);
  else throw new CellError(`${value} is not a date`);
  return new Date(epoch).toISOString();
}

// ---------- booleans, kinds, lists ----------

export interface BooleanWords {
  readonly yes: ReadonlySet<string>;
  readonly no: ReadonlySet<string>;
}
export const defaultBooleanWords: BooleanWords = {
  yes: new Set(['true', 'yes', 'y', '1', 'oui', 'o', 'si', 'sì', 'ja', 'x', 't', 'opt-in', 'subscribed']),
  no: new Set(['false', 'no', 'n', '0', 'non', 'nein', 'f', 'opt-out', 'unsubscribed', 'not_subscribed']),
};

export function parseBoolean(value: Cell, words: BooleanWords): boolean | null {
  if (isBlank(value)) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (words.yes.has(text)) return true;
  if (words.no.has(text)) return false;
  throw new CellError(`${quote(value)} is not yes/no (map it with "booleans" in the mapping)`);
}

export const defaultKindWords: Readonly<Record<string, InteractionKind>> = {
  purchase: 'purchase',
  purchased: 'purchase',
  sale: 'purchase',
  sold: 'purchase',
  order: 'purchase',
  buy: 'purchase',
  achat: 'purchase',
  vente: 'purchase',
  return: 'return',
  returned: 'return',
  refund: 'return',
  retour: 'return',
  'try-on': 'try-on',
  'try on': 'try-on',
  tryon: 'try-on',
  fitting: 'try-on',
  essayage: 'try-on',
  wishlist: 'wishlist',
  wish: 'wishlist',
  favourite: 'wishlist',
  favorite: 'wishlist',
  view: 'view',
  viewed: 'view',
  visit: 'view',
  vue: 'view',
};

export function parseKind(
  value: Cell,
  words: Readonly<Record<string, InteractionKind>>,
): InteractionKind | null {
  if (typeof value === 'string') {
    const direct = words[value];
    if (direct !== undefined && Object.hasOwn(words, value)) return direct;
  }
  const text = toText(value);
  if (text === null) return null;
  const word = text.toLowerCase().replace(/[_\s]+/g, ' ');
  const kind = Object.hasOwn(words, word) ? words[word] : undefined;
  if (kind) return kind;
  throw new CellError(
    `${quote(value)} is not an interaction kind (${interactionKinds.join(', ')}; map others with "kinds" in the mapping)`,
  );
}

/** A comma-joined list ("Blue, Green, Red") or a JSON array. */
export function parseList(value: Cell, separator: string | RegExp): string[] {
  if (isBlank(value)) return [];
  const parts = Array.isArray(value)
    ? value.map((v) => toText(v as Cell) ?? '')
    : (toText(value) ?? '').split(separator);
  return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

/** A category path "Clothing > Tshirts"; when a row lists several paths comma-joined, the first one. */
export function parsePath(value: Cell, separator: string): string[] {
  if (isBlank(value)) return [];
  if (Array.isArray(value)) return parseList(value, separator);
  const text = toText(value) ?? '';
  const first = separator === ',' ? text : (text.split(',').find((p) => p.trim() !== '') ?? '');
  return first
    .split(separator)
    .map((p) => p.trim())
    .filter((p) => p !== '');
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

/** Sizes as "shoe: 38; ring: 52", a JSON object, or a JSON object written in a cell. */
export function parseSizes(value: Cell): Record<string, string> {
  if (isBlank(value)) return {};
  let source: Cell = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      source = JSON.parse(value) as Cell;
    } catch {
      throw new CellError(`${quote(value)} is not a valid JSON object of sizes`);
    }
  }
  const sizes: Record<string, string> = {};
  if (source !== null && typeof source === 'object' && !Array.isArray(source) && !(source instanceof Date)) {
    for (const [k, v] of Object.entries(source)) {
      const text = toText(v);
      if (text !== null) sizes[k.trim()] = text;
    }
    return sizes;
  }
  for (const part of (toText(source) ?? '').split(/[;|\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([^:=]+?)\s*[:=]\s*(.+?)\s*$/.exec(part);
    if (!m) throw new CellError(`${quote(value)} is not a list of sizes like "shoe: 38; ring: 52"`);
    sizes[m[1]!] = m[2]!;
  }
  return sizes;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Descriptions exported as HTML (Shopify "Body (HTML)") become plain text: the engine reads words. */
export function htmlToText(text: string): string {
  if (!/[<&\u2028\u2029]/.test(text)) return text.trim();
  return text
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X'))
        return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return entities[code.toLowerCase()] ?? whole;
    })
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Image cells often hold a comma-joined list of URLs (WooCommerce): the first one is the item's image. */
export function firstImage(value: Cell): string | null {
  if (Array.isArray(value)) return value.length > 0 ? toText(value[0] as Cell) : null;
  const text = toText(value);
  if (text === null) return null;
  const first = text.split(/,\s*|\s+(?=https?:)/)[0]?.trim();
  return first === undefined || first === '' ? null : first;
}
