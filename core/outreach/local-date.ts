import { daysInMonth } from '../domain/calendar.js';
/**
 * Local dates (`YYYY-MM-DD`, a day in the boutique's time zone) and the arithmetic Today needs. A birthday is
 * a local date: the 3rd of May is the 3rd of May in Tokyo and in New York, whatever instant that is in UTC.
 */
export type LocalDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

// Local dates by zone and quarter of an hour (every zone's offset and its changes fall on a quarter hour):
// formatting an instant is slow, and a rule reads thousands of them.
const quarters = new Map<string, LocalDate>();
const quarter = 15 * 60_000;

/** The local date of an instant in `timeZone`. */
export function localDateOf(instant: Date | string, timeZone: string): LocalDate {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const key = `${timeZone}|${Math.floor(date.getTime() / quarter)}`;
  const known = quarters.get(key);
  if (known !== undefined) return known;
  const parts = formatter(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const local = `${get('year')}-${get('month')}-${get('day')}`;
  if (quarters.size > 50_000) quarters.clear();
  quarters.set(key, local);
  return local;
}

const toUtcDay = (d: LocalDate): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
const fromUtcDay = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcDay(toUtcDay(date) + days * 86_400_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcDay(to) - toUtcDay(from)) / 86_400_000);
}

/** The day a yearly date (month, day) falls on in `year`: the 29th of February is kept on the 28th otherwise. */
export function yearlyDate(year: number, month: number, day: number): LocalDate {
  const last = daysInMonth(month, year);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The next time a yearly date comes, today included. */
export function nextOccurrence(today: LocalDate, month: number, day: number): LocalDate {
  const year = +today.slice(0, 4);
  const thisYear = yearlyDate(year, month, day);
  return thisYear >= today ? thisYear : yearlyDate(year + 1, month, day);
}
