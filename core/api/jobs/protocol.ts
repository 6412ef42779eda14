import type { ParsedArgs } from '../contract/index.js';
import type { BookKey } from '../../db/key.js';
import type { ApiError, ImportReportView } from '../contract/index.js';

/** What a job is asked to do: the validated arguments of `jobs.start`. */
export type JobRequest = ParsedArgs<'jobs.start'>;

/** Handed to the worker at start. */
export interface JobWorkerData {
  readonly dbFile: string;
  /** The book's key (null: a plain book); it stays in memory, as the service's own does. */
  readonly dbKey: BookKey | null;
  readonly stagingDir: string;
  readonly request: JobRequest;
}

export interface JobOutcome {
  readonly message: string;
  readonly runId: number | null;
  readonly importReport: ImportReportView | null;
}

export type ToWorker = { readonly type: 'cancel' };

export type FromWorker =
  | {
      readonly type: 'progress';
      readonly step: string;
      readonly done: number;
      readonly total: number;
      /** The task's own estimate (it knows its rate better than elapsed time does); absent: estimated here. */
      readonly etaMs?: number | null;
    }
  | ({ readonly type: 'completed' } & JobOutcome)
  | { readonly type: 'failed'; readonly error: ApiError }
  | { readonly type: 'cancelled' };

/** What a task reports while it works; `done`/`total` in the task's own unit (items, clients, rows, iterations). */
export type ProgressReporter = (step: string, done: number, total: number, etaMs?: number | null) => void;
