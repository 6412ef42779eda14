import type { JobOutcome, JobRequest, ProgressReporter } from './protocol.js';
import type { Db } from '../../db/open.js';
import { runEngine } from '../../engine/index.js';
import { optimizeBoutique, optimizeSettings } from '../../jobs/optimize.js';

type OptimizeRequest = Extract<JobRequest, { kind: 'optimize' }>;

const steps: Readonly<Record<string, string>> = {
  load: 'loading the boutique',
  interests: 'explicit interests',
  neighbours: 'similar clients',
  group: 'group interests',
  iterate: 'refining',
  sequence: 'sequences',
  save: 'saving',
};

/** The optimize workflow as a job: its request's choices in, a sentence for the Engine screen out. */
export async function runOptimisation(
  db: Db,
  request: OptimizeRequest,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  const outcome = await optimizeBoutique(db, runEngine, {
    reasoner: request.reasoner,
    ...optimizeSettings({ neighbours: request.neighbours, iterations: request.iterations }),
    signal,
    onProgress: ({ step, done, total }) => progress(steps[step] ?? step, done, total),
  });
  const rounds = outcome.iterations.length;
  return {
    message:
      `run #${outcome.runId}: ${outcome.clients} clients, ${rounds} round${rounds === 1 ? '' : 's'}` +
      `${outcome.converged ? ', converged' : ''}, features from the ${outcome.features.reasoner} reasoner`,
    runId: outcome.runId,
    importReport: null,
  };
}
