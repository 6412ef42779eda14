import type { Cell } from '../types.js';
import { CoreError, type CoreErrorOptions } from '../../domain/errors.js';

/** What every cell reader shares: the error a bad cell raises, blankness, and a cell read as text. */

/** A cell that cannot be read as its field's type; the message names the value and what was expected. */
export class CellError extends CoreError<'bad-cell'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-cell', 'bad-input', message, options);
  }
}

/** A cell as an error message names it: quoted, long values cut. */
export const quote = (value: Cell): string => {
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
