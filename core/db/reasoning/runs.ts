import type { Db } from '../open.js';
import {
  finishRun,
  runById,
  startRun,
  unfinishedRun,
  type Run,
  type RunEnd,
  type RunKey,
} from '../runs/runs.js';

/**
 * The reasoning job's store in one import: its runs (kind 'reason', kept in runs.ts like every run) and, by
 * feature, the current item and client reasoning, the outcome cache and failures, feature embeddings and
 * synonyms. The job and its phases import from here; each part lives in its own file.
 */

export type { RunEnd } from '../runs/runs.js';
export type { RunStatus } from '../../domain/runs.js';
export { setRunStatus, setRunProgress as updateRunProgress } from '../runs/runs.js';
export * from './store.js';
export * from './outcomes.js';
export * from './embeddings.js';

export type ReasoningRunKey = RunKey;
export type ReasoningRunRow = Run;

export function startReasoningRun(db: Db, key: ReasoningRunKey, params: object, startedAt: string): number {
  return startRun(db, 'reason', { ...key, params, startedAt });
}

export function reasoningRun(db: Db, id: number): ReasoningRunRow | null {
  return runById(db, id, 'reason');
}

/**
 * The latest reasoning run of this reasoner, model and prompt version that never completed (it was paused,
 * cancelled, failed, or its process died while 'running'): the one to resume.
 */
export function unfinishedReasoningRun(db: Db, key: ReasoningRunKey): ReasoningRunRow | null {
  return unfinishedRun(db, 'reason', key);
}

/** Ends the run; one another process already ended stays as it was. */
export function finishReasoningRun(db: Db, id: number, end: RunEnd): void {
  finishRun(db, id, end);
}
