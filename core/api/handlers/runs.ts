import type { Run } from '../../db/runs/runs.js';
import type { RunInfo } from '../contract/index.js';

export const runInfo = (run: Run | null): RunInfo | null =>
  run && {
    id: run.id,
    status: run.status,
    reasoner: run.reasoner,
    model: run.model,
    promptVersion: run.promptVersion,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
