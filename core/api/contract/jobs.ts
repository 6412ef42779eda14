import { z } from 'zod';
import { importEntities } from '../../domain/imports.js';
import { reasonerKinds } from '../../domain/reasoners.js';
import type { JobKind, JobStatus } from '../../domain/runs.js';
import type { ImportReportView } from './import.js';
import { noArgs, type ApiError } from './shared.js';

export type { JobKind, JobStatus };

// ---- jobs: heavy work in a worker, followed through `job.changed` events ----------------------------------

export const jobMethods = {
  'jobs.start': z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('optimize'),
      /** The most alternating rounds (explicit <-> group) before stopping; the engine's default otherwise. */
      iterations: z.number().int().min(1).max(50).optional(),
      /** Similar clients considered per client. */
      neighbours: z.number().int().min(2).max(500).optional(),
      /** Whose item features to use: a reasoner with a completed reasoning run (rules by default). */
      reasoner: z.enum(reasonerKinds).default('rules'),
    }),
    z.object({
      kind: z.literal('reason'),
      /** A GGUF file on this machine; absent: the rules reasoner. */
      modelPath: z.string().trim().min(1).max(4096).optional(),
      limit: z.number().int().positive().max(1_000_000).optional(),
      /** Also describe each client (likes, dislikes, core preference) from their recent items. */
      clients: z.boolean().default(false),
    }),
    z.object({
      kind: z.literal('import'),
      files: z
        .array(
          z.object({
            fileId: z.string().min(1).max(200),
            role: z.enum(importEntities),
          }),
        )
        .min(1)
        .max(3),
      preset: z.string().max(100).optional(),
      mapping: z.record(z.string(), z.unknown()).optional(),
      /** Check everything and report what would change, writing nothing. */
      dryRun: z.boolean().default(false),
      /**
       * Import the valid rows and leave out the rows with problems (and those depending on them) instead of
       * refusing the files whole; the skipped rows are written with their reasons beside each staged file.
       */
      skipInvalid: z.boolean().default(false),
    }),
  ]),
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'jobs.list': noArgs,
};
export interface JobResults {
  'jobs.start': JobState;
  'jobs.cancel': JobState;
  'jobs.list': readonly JobState[];
}

/** A background job as the UI follows it. `etaMs` is null until there is enough progress to estimate. */
export interface JobState {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly step: string;
  readonly done: number;
  readonly total: number;
  readonly etaMs: number | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** What the job produced (a run id, an import report), or why it failed. */
  readonly message: string | null;
  readonly runId: number | null;
  readonly error: ApiError | null;
  /** An import's report (a dry run's too): what was (or would be) written, and every problem found. */
  readonly importReport: ImportReportView | null;
}
