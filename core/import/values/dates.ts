import type { Cell } from '../types.js';
import { CellError, isBlank, quote } from './cells.js';

/** Dates and timestamps, read into ISO-8601 UTC in the mapping's day order and time zone. */

export type DateOrder = 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'yyyy-mm-dd';
export interface DateOptions {
  readonly order: DateOrder;
  /** Offset applied to times written without one, in minutes east of UTC. */
  readonly offsetMinutes: number;
  /** The latest instant accepted (epoch ms): later dates are refused as not plausible. */
  readonly notAfter?: number | undefined;
  /** Told of each date written a/b/yyyy, to learn which order the file uses (dayOrderEvidence). */
  readonly evidence?: DayOrderEvidence | undefined;
}

/** What a file's a/b/yyyy dates say of their order: day first (a > 12), month first (b > 12), or either. */
export interface DayOrderEvidence {
  dayFirst: number;
  monthFirst: number;
  either: number;
  /** The first date that could be read both ways. */
  example: string | null;
}

export const noEvidence = (): DayOrderEvidence => ({ dayFirst: 0, monthFirst: 0, either: 0, example: null });

function note(evidence: DayOrderEvidence | undefined, a: number, b: number, raw: string): void {
  if (evidence === undefined) return;
  if (a > 12 && b <= 12) evidence.dayFirst++;
  else if (b > 12 && a <= 12) evidence.monthFirst++;
  else if (a !== b && a <= 12 && b <= 12) {
    evidence.either++;
    evidence.example ??= raw.trim();
  }
}

/**
 * What a file's dates call for once read: a warning when every a/b/yyyy date could be read both ways (read
 * day first), or the refusal's advice when some can only be month first. Null when nothing needs saying.
 */
export function dayOrderAdvice(e: DayOrderEvidence, order: DateOrder): string | null {
  if (e.monthFirst > 0 && e.dayFirst === 0 && order === 'dd/mm/yyyy')
    return (
      `${e.monthFirst} date${e.monthFirst === 1 ? '' : 's'} can only be month first (an American export?): ` +
      'set "dateFormat": "mm/dd/yyyy" in the mapping options'
    );
  if (e.either > 0 && e.dayFirst === 0 && e.monthFirst === 0)
    return (
      `${e.either} date${e.either === 1 ? '' : 's'} such as "${e.example}" could be day/month or month/day, ` +
      `and none says which: read as ${order}; set "dateFormat" in the mapping options if that is wrong`
    );
  return null;
}

/** Earlier years are placeholders or typing slips ("0001-01-01", "0202"), never a client's history. */
export const earliestYear = 1900;

/** How far ahead a date may be before it is refused: a pre-order, not "2099-01-01". */
export const futureLimitMs = 366 * 86_400_000;

function plausible(raw: string, year: number, epoch: number, options: DateOptions): string {
  if (year < earliestYear)
    throw new CellError(`${quote(raw)} is not a plausible date (the year ${year} is before ${earliestYear})`);
  if (options.notAfter !== undefined && epoch > options.notAfter)
    throw new CellError(`${quote(raw)} is more than a year in the future`);
  return new Date(epoch).toISOString();
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
    return plausible(value.toISOString().slice(0, 10), value.getUTCFullYear(), value.getTime(), options);
  }
  if (typeof value === 'number') {
    const iso = fromNumber(value);
    return plausible(String(value), new Date(iso).getUTCFullYear(), Date.parse(iso), options);
  }
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
      note(options.evidence, +a, +b, value);
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
  // Date.UTC reads years 0-99 as 1900-1999: the year is set on its own.
  const at = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  at.setUTCFullYear(year);
  return plausible(raw, year, at.getTime() - offset * 60_000, options);
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
