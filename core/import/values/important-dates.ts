import { daysInMonth, monthNames } from '../../domain/calendar.js';
import type { Cell } from '../types.js';
import { CellError, isBlank, quote } from './cells.js';
import { parseDate, type DateOrder } from './dates.js';

/**
 * A client's important date as an export writes it (a birthday, an anniversary): a day of a month, with the
 * year when the file gives one. Unlike a timestamp it is a local day, so it is read as written, never moved
 * by a time zone. Blank, and the "unknown" placeholders shops write (PrestaShop's 0000-00-00), mean no date.
 */
export interface DayOfYear {
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

/** The years client_dates keeps (core/db/migrations/0070-outreach.ts). */
const [firstYear, lastYear] = [1800, 2200];

const allZeros = /^[0\s/.:T-]*0[0\s/.:T-]*$/;
const isoDay =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** ISO 8601 and vCard for a day without its year: "--03-14", "--0314". */
const isoNoYear = /^--(\d{2})-?(\d{2})$/;
const numericDay = /^(\d{1,4})[/.-](\d{1,2})(?:[/.-](\d{1,4}))?(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const dayFirst = /^(\d{1,2})(?:st|nd|rd|th|er)? ([a-z]+)(?: (\d{2,4}))?$/;
const monthFirst = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{2,4}))?$/;

/** Month names and their short forms, in English and French, without accents. */
const monthWords: ReadonlyMap<string, number> = new Map(
  [
    ['january', 'jan', 'janvier', 'janv'],
    ['february', 'feb', 'fevrier', 'fevr', 'fev'],
    ['march', 'mar', 'mars'],
    ['april', 'apr', 'avril', 'avr'],
    ['may', 'mai'],
    ['june', 'jun', 'juin'],
    ['july', 'jul', 'juillet', 'juil'],
    ['august', 'aug', 'aout'],
    ['september', 'sep', 'sept', 'septembre'],
    ['october', 'oct', 'octobre'],
    ['november', 'nov', 'novembre'],
    ['december', 'dec', 'decembre'],
  ].flatMap((words, i) => words.map((w) => [w, i + 1] as const)),
);

/**
 * Reads an important date: ISO "1987-04-02" (a time after it is ignored), "--04-02" or "0000-04-02" without a
 * year, "02/04/1987" and "02/04" in the mapping's day order, "2 April 1987", "April 2, 1987", "2 avril",
 * "02-Apr-1987", and XLSX dates. Null for no date; a CellError naming the value for a day that does not exist.
 */
export function parseImportantDate(value: Cell, order: DateOrder): DayOfYear | null {
  // 0 is what a spreadsheet or a JSON export holds for a date never filled in.
  if (isBlank(value) || value === 0) return null;
  if (value instanceof Date || typeof value === 'number') {
    // A spreadsheet's date (or serial number) is that day at midnight UTC: its UTC fields are the day.
    const iso = parseDate(value, { order, offsetMinutes: 0 });
    return iso === null ? null : checked(value, +iso.slice(5, 7), +iso.slice(8, 10), +iso.slice(0, 4));
  }
  if (typeof value !== 'string') throw new CellError(`${quote(value)} is not a date`);
  const text = value.trim();
  if (allZeros.test(text)) return null;
  const iso = isoDay.exec(text);
  if (iso) return checked(value, +iso[2]!, +iso[3]!, +iso[1]! === 0 ? null : +iso[1]!);
  const noYear = isoNoYear.exec(text);
  if (noYear) return checked(value, +noYear[1]!, +noYear[2]!, null);
  const numeric = numericDay.exec(text);
  if (numeric) return numericDate(value, numeric, order);
  const words = wordsDate(value, text);
  if (words) return words;
  throw notADate(value, order);
}

const notADate = (raw: string, order?: DateOrder) =>
  new CellError(
    `${quote(raw)} is not a date (expected yyyy-mm-dd, ${order ?? 'dd/mm/yyyy'}, a day and month such as ` +
      '"14/03" or "14 March", or "--03-14")',
  );

function numericDate(raw: string, m: RegExpExecArray, order: DateOrder): DayOfYear {
  const [a, b, c] = [m[1]!, m[2]!, m[3]];
  if (a.length === 4) {
    if (c === undefined) throw new CellError(`${quote(raw)} has no day: write the day of the month too`);
    return checked(raw, +b, +c, +a === 0 ? null : +a);
  }
  if (a.length > 2) throw notADate(raw, order);
  if (c !== undefined && c.length !== 4) throw twoDigitYear(raw, c);
  const [day, month] = order === 'mm/dd/yyyy' ? [+b, +a] : [+a, +b];
  const shown = order === 'mm/dd/yyyy' ? 'mm/dd' : 'dd/mm';
  return checked(raw, month, day, c === undefined || +c === 0 ? null : +c, `read as ${shown}`);
}

/** "2 April 1987", "April 2, 1987", "2nd Apr", "1er mars", "02-Apr-1987". */
function wordsDate(raw: string, text: string): DayOfYear | null {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[,./-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const first = dayFirst.exec(plain);
  const second = first ? null : monthFirst.exec(plain);
  const [day, word, year] = first ? [first[1], first[2], first[3]] : [second?.[2], second?.[1], second?.[3]];
  const month = word === undefined ? undefined : monthWords.get(word);
  if (month === undefined || day === undefined) return null;
  if (year !== undefined && year.length !== 4) throw twoDigitYear(raw, year);
  return checked(raw, month, +day, year === undefined ? null : +year);
}

const twoDigitYear = (raw: string, year: string | undefined) =>
  new CellError(
    `${quote(raw)} is not a date${year === undefined ? '' : ` with a year of ${year.length} digits`}: ` +
      'write the year with four digits (a birthday in "65" could be 1965 or 2065)',
  );

/** A real day: 29 February without a year, or in a leap year; never 31 April. */
function checked(raw: Cell, month: number, day: number, year: number | null, how?: string): DayOfYear {
  const hint = how === undefined ? '' : ` (${how}; set "dateFormat" in the mapping)`;
  if (month < 1 || month > 12)
    throw new CellError(`${quote(raw)} is not a date: there is no month ${month}${hint}`);
  if (year !== null && (year < firstYear || year > lastYear))
    throw new CellError(
      `${quote(raw)} is not a date: ${year} is not a year between ${firstYear} and ${lastYear}`,
    );
  if (day < 1 || day > daysInMonth(month, year ?? undefined))
    throw new CellError(
      month === 2 && day === 29
        ? `${quote(raw)} is not a date: ${year} has no 29 February`
        : `${quote(raw)} is not a date: ${monthNames[month - 1]} has no day ${day}${hint}`,
    );
  return { month, day, year };
}
