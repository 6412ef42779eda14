import type { JobOutcome, JobRequest, ProgressReporter } from './protocol.js';
import type { Db } from '../../db/open.js';
import { reason } from '../../jobs/reason.js';
import { ModelOutputNotUsableError, notUsableMessage } from '../../jobs/reason/usability.js';

type ReasonRequest = Extract<JobRequest, { kind: 'reason' }>;

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The reasoning workflow as a job: the rules reasoner, or a GGUF model through llama.cpp. An interrupted run
 * of the same reasoner, model and prompt version is resumed, and finished subjects come from the cache.
 */
export async function runReasoning(
  db: Db,
  request: ReasonRequest,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  progress(request.modelPath ? 'loading the model' : 'starting', 0, 0);
  const summary = await reason(db, {
    reasoner: request.modelPath ? { kind: 'llama', modelPath: request.modelPath } : { kind: 'rules' },
    limit: request.limit ?? null,
    clients: request.clients,
    resume: true,
    signal,
    onProgress: (p) =>
      progress(p.phase, p.done, p.total, p.etaSeconds === null ? null : Math.round(p.etaSeconds * 1000)),
  });
  if (summary.status === 'cancelled') signal.throwIfAborted();
  if (summary.status === 'failed') {
    const error = summary.error ?? 'the reasoning run failed';
    // Not a crash: the run judged the model's answers and refused them; the message says so and why.
    if (error.startsWith(notUsableMessage)) throw new ModelOutputNotUsableError(error);
    throw new Error(error);
  }
  const parts = [
    `${plural(summary.reasoned, 'subject')} reasoned`,
    `${summary.cached} from the cache`,
    ...(summary.failed > 0 ? [`${summary.failed} without usable features`] : []),
  ];
  return {
    message: `run #${summary.runId}: ${parts.join(', ')}`,
    runId: summary.runId,
    importReport: null,
  };
}
