import type { Cell } from '../types.js';
import { CoreError, type CoreErrorOptions } from '../../domain/errors.js';

/** What every cell reader shares: the error a bad cell raises, blankness, and a cell read as text. */

/** A cell that cannot be read as its field's type; the message names the value and what was expected. */
export class CellError extends CoreError<'bad-cell'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-cell', 'bad-input', message, options);
  }
}

const shownChars = 60;

/** A cell as an error message names it: quoted, long values cut. */
export const quote = (value: Cell): string => {
  const text = typeof value === 'string' ? value : preview(value, shownChars + 1);
  return `"${text.length > shownChars ? text.slice(0, shownChars - 3) + '...' : text}"`;
};

/**
 * The start of a cell written as JSON, at most about `budget` characters. JSON.stringify would walk the whole
 * value, and a value nested a hundred thousand levels deep (a JSON import) overflows the stack; this stops
 * once it has enough to show, so it never descends further than `budget` levels.
 */
export function preview(value: Cell, budget: number): string {
  let out = '';
  const walk = (v: Cell): void => {
    if (out.length >= budget) return;
    if (typeof v === 'string') out += JSON.stringify(v.slice(0, budget));
    else if (v === null || typeof v !== 'object') out += JSON.stringify(v) ?? 'null';
    else if (v instanceof Date) out += JSON.stringify(v.toISOString());
    else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length < budget; i++) {
        if (i > 0) out += ',';
        walk(v[i] as Cell);
      }
      out += ']';
    } else {
      out += '{';
      const record = v as { readonly [key: string]: Cell };
      let first = true;
      for (const key in record) {
        if (out.length >= budget) break;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(key) + ':';
        walk(record[key]!);
      }
      out += '}';
    }
  };
  walk(value);
  return out.length > budget ? out.slice(0, budget) : out;
}

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
