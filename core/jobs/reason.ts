import type { Db } from '../db/open.js';
import { startReasoningJob, type ReasoningJobOptions, type ReasoningSummary } from './reason/job.js';
import { createReasoner, type ReasonerSpec } from './reasoner.js';

export interface ReasonOptions extends Omit<ReasoningJobOptions, 'db' | 'reasoner'> {
  readonly reasoner: ReasonerSpec;
  /** Told once the reasoner is built (a model loaded, a server reached) and the run is about to start. */
  readonly onReady?: () => void;
}

/**
 * The reasoning workflow, one for the CLI and the app: builds the reasoner the spec names, reasons the
 * catalog (and with `clients` the consenting clients) in a stored run that a later call resumes, caches
 * every outcome by content, model and prompt version, and frees the model however the run ends.
 */
export async function reason(db: Db, options: ReasonOptions): Promise<ReasoningSummary> {
  const { reasoner: spec, onReady, ...jobOptions } = options;
  const reasoner = await createReasoner(spec, db);
  try {
    jobOptions.signal?.throwIfAborted();
    onReady?.();
    return await startReasoningJob({ db, reasoner, ...jobOptions }).done;
  } finally {
    await reasoner.close();
  }
}
