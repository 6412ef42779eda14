import type { ImportIssue } from './types.js';

/** Collects a run's issues, keeping the first `max` of each severity and exact totals. */
export class IssueLog {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;

  constructor(private readonly max: number) {}

  error(file: string, row: number | null, column: string | null, message: string): void {
    this.errorCount++;
    if (this.errors.length < this.max) this.errors.push({ severity: 'error', file, row, column, message });
  }

  warning(file: string, row: number | null, column: string | null, message: string): void {
    this.warningCount++;
    if (this.warnings.length < this.max)
      this.warnings.push({ severity: 'warning', file, row, column, message });
  }

  get all(): ImportIssue[] {
    return [...this.errors, ...this.warnings];
  }
}

/** `file:row:column: problem`, leaving out what is not known (a file-wide problem has no row). */
export function formatIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.row === null ? null : String(issue.row), issue.column]
    .filter((p) => p !== null)
    .join(':');
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;
}
