import { z } from 'zod';
import { importEntities, type ImportRole } from '../../domain/imports.js';

export type { ImportRole };
import { noArgs } from './shared.js';

// ---- import: files staged by upload, checked, then imported by a job ---------------------------------------

export const importMethods = {
  'import.stage': z.object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'is not a plain file name'),
    base64: z.string().max(120_000_000, 'the file is larger than 90 MB'),
  }),
  /** A staged file's columns and first rows, with the field each column would feed. */
  'import.columns': z.object({
    fileId: z.string().min(1).max(200),
    role: z.enum(importEntities),
  }),
  'import.presets': noArgs,
};
export interface ImportResults {
  'import.stage': StagedFile;
  'import.columns': ImportColumns;
  'import.presets': readonly ImportPreset[];
}

export interface StagedFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly sizeBytes: number;
}

export interface ImportIssueView {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export interface ImportReportView {
  readonly ok: boolean;
  readonly counts: Readonly<
    Record<ImportRole, { readonly inserted: number; readonly updated: number; readonly unchanged: number }>
  >;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly issues: readonly ImportIssueView[];
  /** With skipInvalid: the rows left out for their problems, in all (0 otherwise). */
  readonly invalidRows?: number;
  /** With skipInvalid: per file, the rows left out and the CSV listing them with their reasons (null: a dry run). */
  readonly skippedRows?: readonly {
    readonly file: string;
    readonly rows: number;
    readonly csvPath: string | null;
  }[];
  /** After a real import: the last optimize run refreshed for the clients whose history changed (or why not). */
  readonly engineRefresh?: {
    readonly status: 'refreshed' | 'unchanged' | 'no-run' | 'too-many' | 'catalog-changed' | 'failed';
    readonly changedClients: number;
    readonly refreshedClients: number;
    readonly runId: number | null;
    readonly message: string;
  } | null;
}

export interface ImportColumns {
  readonly fileId: string;
  readonly role: ImportRole;
  readonly format: 'csv' | 'xlsx' | 'json' | 'jsonl';
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** The first rows, as text. */
  readonly sample: readonly (readonly string[])[];
  /** The fields of this kind of record, and the column each would be read from without a mapping. */
  readonly fields: readonly { readonly field: string; readonly column: string | null }[];
  /** Groups of fields of which at least one must be mapped (e.g. [['name'], ['firstName', 'lastName']]). */
  readonly required: readonly (readonly string[])[];
  /** The presets whose export this file looks like, from its header, the best first (empty: none). */
  readonly suggestedPresets: readonly ImportPreset[];
}

export interface ImportPreset {
  readonly name: string;
  readonly description: string;
}
