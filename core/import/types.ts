import type { Clock } from '../clock.js';

import type { ImportEntity } from '../domain/imports.js';

/** One problem found in a file. `row` is what a user sees in a spreadsheet (the header is row 1). */
export interface ImportIssue {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly row: number | null;
  /** The column's header as written in the file (or the mapping's field when the column is missing). */
  readonly column: string | null;
  readonly message: string;
}

export interface EntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportedFile {
  readonly file: string;
  readonly entity: ImportEntity;
  readonly format: SourceFormat;
  readonly encoding: string | null;
  /** Data rows read (excluding the header and blank lines). */
  readonly rows: number;
  /** Rows left out on purpose (each also listed as a warning), e.g. a till sale without a client. */
  readonly skipped: number;
  /** With skipInvalid: rows left out for their problems (each listed as an error); 0 otherwise. */
  readonly invalid: number;
  /** Where those rows were written with their reasons (a CSV), or null (none, or a dry run). */
  readonly skippedRowsFile: string | null;
  /** Order lines left out as not merchandise, by label (`{"gift-card": 12}`); each label also a warning. */
  readonly leftOut: Readonly<Record<string, number>>;
  /** Columns of the file no field was read from: shown so a user can spot a header the mapping missed. */
  readonly ignoredColumns: readonly string[];
}

export interface ImportReport {
  /**
   * True when everything was written, or with skipInvalid everything but the rows with problems (see
   * `invalidRows`); false means nothing was written.
   */
  readonly ok: boolean;
  /** With skipInvalid: the rows left out for their problems, over all files (`files[].invalid`). */
  readonly invalidRows: number;
  readonly counts: Readonly<Record<ImportEntity, EntityCounts>>;
  readonly files: readonly ImportedFile[];
  /** The first issues found (errors first); `errorCount`/`warningCount` give the totals. */
  readonly issues: readonly ImportIssue[];
  readonly errorCount: number;
  readonly warningCount: number;
}

export type SourceFormat = 'csv' | 'xlsx' | 'json' | 'jsonl';

export type ImportStep = `read:${ImportEntity}` | 'check' | 'write';
export interface ImportProgress {
  readonly step: ImportStep;
  /** Bytes read for `read:*` steps, records for `check` and `write`. */
  readonly done: number;
  readonly total: number;
}

export interface ImportRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly clock?: Clock;
  /** How many issues the report keeps (the counts stay exact). */
  readonly maxIssues?: number;
  /**
   * Import the valid rows and leave out the rows with problems (and the rows that depend on them: an
   * interaction whose client row is left out), instead of refusing the files whole. A file that cannot be
   * read through, or lacks a column, still refuses the import.
   */
  readonly skipInvalid?: boolean;
  /** With skipInvalid: where to write a file's skipped rows and their reasons (a CSV), before anything is written. */
  readonly skippedRowsFile?: (file: string) => string;
  /**
   * The boutique's currency (ISO 4217) for prices and amounts the files write without one, when the mapping
   * sets no defaultCurrency; each file that needs it says so in a warning.
   */
  readonly currency?: string | null;
}

/** A value read from a cell: text from CSV, typed values from XLSX and JSON. */
export type Cell =
  string | number | boolean | Date | null | readonly Cell[] | { readonly [key: string]: Cell };
