import type { LocalDate } from './local-date.js';

/** Dates in the associate's words: "9 Dec", or "9 Dec 2025" when the year matters. */
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function shortDate(date: LocalDate, withYear = false): string {
  const [y, m, d] = [date.slice(0, 4), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return `${d} ${months[m - 1]}${withYear ? ` ${y}` : ''}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
