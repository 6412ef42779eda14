import type { ImportIssue } from './types.js';
import { maskContactDetails } from './mask.js';

/**
 * Collects a run's issues, keeping the first `max` of each severity and exact totals. An error on a row is a
 * problem of that row alone; an error without a row, or a file that cannot be read on, is fatal to the file.
 * With `skipInvalid`, every row in error is remembered with its reasons (all of them, past `max`): the import
 * can then leave those rows out instead of refusing the whole file.
 */
export class IssueLog {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  /** Errors that no skipped row accounts for: the file could not be read, a column is missing... */
  fatalCount = 0;
  /** With skipInvalid: per file, each row in error and its reasons ("Column: problem"). */
  readonly rejected = new Map<string, Map<number, string[]>>();

  constructor(
    private readonly max: number,
    readonly skipInvalid = false,
  ) {}

  error(file: string, row: number | null, column: string | null, said: string): void {
    const message = maskContactDetails(said);
    this.errorCount++;
    if (this.errors.length < this.max) this.errors.push({ severity: 'error', file, row, column, message });
    if (row === null) this.fatalCount++;
    else if (this.skipInvalid) {
      let rows = this.rejected.get(file);
      if (rows === undefined) this.rejected.set(file, (rows = new Map<number, string[]>()));
      const reason = column === null ? message : `${column}: ${message}`;
      const reasons = rows.get(row);
      if (reasons === undefined) rows.set(row, [reason]);
      else reasons.push(reason);
    }
  }

  /** A file that stops being readable part way (an unclosed quote): fatal even when it names a row. */
  fileError(file: string, row: number | null, column: string | null, message: string): void {
    if (row !== null) this.fatalCount++;
    this.error(file, row, column, message);
  }

  /**
   * A row left out because another one is (the rest of a product whose first row has problems, an interaction
   * whose client is skipped). Without skipInvalid nothing is said: the other row's problem is the one to fix.
   */
  follow(file: string, row: number, column: string | null, message: string): void {
    if (this.skipInvalid && !this.isRejected(file, row)) this.error(file, row, column, message);
  }

  isRejected(file: string, row: number): boolean {
    return this.rejected.get(file)?.has(row) ?? false;
  }

  warning(file: string, row: number | null, column: string | null, said: string): void {
    const message = maskContactDetails(said);
    this.warningCount++;
    if (this.warnings.length < this.max)
      this.warnings.push({ severity: 'warning', file, row, column, message });
  }

  /** Advice on the whole file ("use the Shopify preset"): a warning listed before every other issue. */
  private readonly hints: ImportIssue[] = [];

  hint(file: string, message: string): void {
    this.warningCount++;
    this.hints.push({ severity: 'warning', file, row: null, column: null, message });
  }

  get all(): ImportIssue[] {
    return [...this.hints, ...this.errors, ...this.warnings];
  }
}

/** `file:row:column: problem`, leaving out what is not known (a file-wide problem has no row). */
export function formatIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.row === null ? null : String(issue.row), issue.column]
    .filter((p) => p !== null)
    .join(':');
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;
}
