import type { JobOutcome, JobRequest, ProgressReporter } from './protocol.js';
import type { Db } from '../../db/open.js';
import { optimizeBoutique } from '../../runs/optimize.js';
import { runEngine } from '../../engine/index.js';

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

/** One optimisation run: explicit and group interests, neighbours and recommendations for every client. */
export async function runOptimisation(
  db: Db,
  request: OptimizeRequest,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JobOutcome> {
  const outcome = await optimizeBoutique(db, runEngine, {
    reasoner: request.reasoner,
    params: {
      ...(request.iterations !== undefined ? { maxIterations: request.iterations } : {}),
      ...(request.neighbours !== undefined ? { neighbours: request.neighbours } : {}),
    },
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
