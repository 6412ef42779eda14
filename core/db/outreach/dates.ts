import type { Db } from '../open.js';
import type { ClientDateView } from '../../api/contract/day.js';
import { daysInMonth, isLeapYear, monthNames } from '../../domain/calendar.js';
import { CoreError } from '../../domain/errors.js';

/**
 * A client's important dates: a birthday, an anniversary, any date she told her associate about. Each is a
 * month and a day (29 February is a date: Today greets it on 28 February in other years), with the year when
 * it is known. One date per label and client: setting a label again moves it.
 */
export type ClientDate = ClientDateView;

export interface ClientDateInput {
  readonly label: string;
  readonly month: number;
  readonly day: number;
  readonly year?: number | null | undefined;
}

export class ClientDateError extends CoreError<'bad-date'> {
  constructor(message: string) {
    super('bad-date', 'bad-input', message);
  }
}

export class UnknownClientDateError extends CoreError<'unknown-date'> {
  constructor(readonly id: number) {
    super('unknown-date', 'not-found', `there is no important date ${id}`);
  }
}

/** The date, checked: a label, a real day of the month (31 April is refused), a plausible year. */
export function checkedDate(input: ClientDateInput): Required<ClientDateInput> {
  const label = input.label.trim().replace(/\s+/g, ' ');
  if (label === '' || label.length > 80)
    throw new ClientDateError('an important date needs a label of 1 to 80 characters');
  const { month, day } = input;
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new ClientDateError(`${String(month)} is not a month: write 1 (January) to 12 (December)`);
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(month))
    throw new ClientDateError(`${monthNames[month - 1]} has no day ${String(day)}`);
  const year = input.year ?? null;
  if (year !== null) {
    if (!Number.isInteger(year) || year < 1800 || year > 2200)
      throw new ClientDateError(`${String(year)} is not a year between 1800 and 2200`);
    if (month === 2 && day === 29 && !isLeapYear(year))
      throw new ClientDateError(`${year} has no 29 February`);
  }
  return { label, month, day, year };
}

const select = 'SELECT id, client_id AS clientId, label, month, day, year FROM client_dates';

export function clientDates(db: Db, clientId: number): ClientDate[] {
  return db.prepare(`${select} WHERE client_id = ? ORDER BY month, day, label`).all(clientId) as ClientDate[];
}

/** Sets the client's date of that label (adds it, or moves it). The caller checks that the client exists. */
export function setClientDate(db: Db, clientId: number, input: ClientDateInput): ClientDate {
  const d = checkedDate(input);
  return db
    .prepare(
      `INSERT INTO client_dates (client_id, label, month, day, year) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (client_id, label) DO UPDATE SET month = excluded.month, day = excluded.day, year = excluded.year
       RETURNING id, client_id AS clientId, label, month, day, year`,
    )
    .get(clientId, d.label, d.month, d.day, d.year) as ClientDate;
}

export function removeClientDate(db: Db, clientId: number, id: number): void {
  if (db.prepare('DELETE FROM client_dates WHERE id = ? AND client_id = ?').run(id, clientId).changes === 0)
    throw new UnknownClientDateError(id);
}

interface StoredDay {
  readonly id: number;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

/**
 * Writes the dates an import brings, inside the import's transaction (it opens none). A label is matched
 * whatever its case, so a file's "Birthday" moves the "birthday" typed in the profile instead of adding a
 * second one; a date already there is left untouched (re-importing changes nothing), and so is every label
 * the file does not fill: a blank cell never removes a date. A file's day without its year keeps the year the
 * profile knows for that same day.
 */
export class ImportedDatesWriter {
  private readonly findStmt;
  private readonly moveStmt;
  private readonly addStmt;

  constructor(db: Db) {
    this.findStmt = db.prepare(
      `SELECT id, month, day, year FROM client_dates WHERE client_id = ? AND lower(label) = lower(?)
       ORDER BY label = ? DESC, id LIMIT 1`,
    );
    this.moveStmt = db.prepare('UPDATE client_dates SET month = ?, day = ?, year = ? WHERE id = ?');
    this.addStmt = db.prepare(
      'INSERT INTO client_dates (client_id, label, month, day, year) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Returns whether any of the client's dates was added or moved. */
  write(clientId: number, dates: readonly ClientDateInput[]): boolean {
    let changed = false;
    for (const input of dates) {
      const d = checkedDate(input);
      const stored = this.findStmt.get(clientId, d.label, d.label) as StoredDay | undefined;
      if (stored === undefined) {
        this.addStmt.run(clientId, d.label, d.month, d.day, d.year);
        changed = true;
        continue;
      }
      const sameDay = stored.month === d.month && stored.day === d.day;
      const year = d.year ?? (sameDay ? stored.year : null);
      if (sameDay && year === stored.year) continue;
      this.moveStmt.run(d.month, d.day, year, stored.id);
      changed = true;
    }
    return changed;
  }
}
