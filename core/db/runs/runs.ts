import { z } from 'zod';
import type { ReasonerKind } from '../../domain/reasoners.js';
import type { Db } from '../open.js';
import {
  runKinds,
  runStatuses,
  type ActiveRunStatus,
  type EndedRunStatus,
  type RunKind,
  type RunStatus,
} from '../../domain/runs.js';

/**
 * The one home of the `runs` table: the lifecycle every run goes through, whatever its kind. Reasoning runs
 * ('reason') describe items and clients; optimisation runs ('optimize') derive interests, neighbours and
 * recommendations. What a run writes elsewhere stays with its own store (engine-store, reasoning-store); this
 * file only knows the run itself, so both kinds start, move, end and read back the same way.
 *
 * A run is 'running' (or 'paused', reasoning only) until it ends as 'completed', 'failed' or 'cancelled'.
 * Only an active run can end: a run another process already ended (or marked interrupted) stays as it was.
 */

/** What a run's results were made with: the reasoner, its model file (if any) and prompt version. */
export interface RunKey {
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
}

export interface Run extends RunKey {
  readonly id: number;
  readonly kind: RunKind;
  readonly status: RunStatus;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
  readonly progressDone: number;
  readonly progressTotal: number;
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
}

interface DbRun {
  id: number;
  kind: string;
  status: string;
  reasoner: ReasonerKind;
  model: string | null;
  prompt_version: string;
  params: string;
  metrics: string;
  progress_done: number;
  progress_total: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

const jsonObject = z.record(z.string(), z.unknown());
const kindSchema = z.enum(runKinds);
const statusSchema = z.enum(runStatuses);

const columns = `id, kind, status, reasoner, model, prompt_version, params, metrics, progress_done, progress_total,
  error, started_at, finished_at, duration_ms`;

function toRun(row: DbRun): Run {
  return {
    id: row.id,
    kind: kindSchema.parse(row.kind),
    status: statusSchema.parse(row.status),
    reasoner: row.reasoner,
    model: row.model,
    promptVersion: row.prompt_version,
    params: jsonObject.parse(JSON.parse(row.params)),
    metrics: jsonObject.parse(JSON.parse(row.metrics)),
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
  };
}

export interface RunStart extends RunKey {
  readonly params: object;
  readonly startedAt: string;
  /** Known up front for an optimisation (its clients); a reasoning run sets it once it has counted. */
  readonly progressTotal?: number;
}

/** Opens a run as 'running' and returns its id. */
export function startRun(db: Db, kind: RunKind, start: RunStart): number {
  return db
    .prepare(
      `INSERT INTO runs (kind, status, reasoner, model, prompt_version, params, progress_total, started_at)
       VALUES (?, 'running', ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(
      kind,
      start.reasoner,
      start.model,
      start.promptVersion,
      JSON.stringify(start.params),
      start.progressTotal ?? 0,
      start.startedAt,
    ) as number;
}

/** Pauses or resumes a run; resuming a run that had ended reopens it (its end is forgotten). */
export function setRunStatus(db: Db, id: number, status: ActiveRunStatus): void {
  db.prepare(`UPDATE runs SET status = ?, error = NULL, finished_at = NULL WHERE id = ?`).run(status, id);
}

export function setRunProgress(db: Db, id: number, done: number, total: number): void {
  db.prepare('UPDATE runs SET progress_done = ?, progress_total = ? WHERE id = ?').run(done, total, id);
}

export interface RunEnd {
  readonly status: EndedRunStatus;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Left out: the run keeps the metrics it has (an optimisation that fails has none to report). */
  readonly metrics?: object;
  readonly error?: string | null;
}

/**
 * Ends an active run. A completed run has done all it set out to do, so its progress is made whole. Returns
 * false, changing nothing, when the run is no longer active.
 */
export function finishRun(db: Db, id: number, end: RunEnd): boolean {
  return (
    db
      .prepare(
        `UPDATE runs SET status = @status, metrics = coalesce(@metrics, metrics), finished_at = @finishedAt,
           duration_ms = @durationMs, error = @error,
           progress_done = CASE WHEN @status = 'completed' THEN progress_total ELSE progress_done END
         WHERE id = @id AND status IN ('running', 'paused')`,
      )
      .run({
        id,
        status: end.status,
        metrics: end.metrics === undefined ? null : JSON.stringify(end.metrics),
        finishedAt: end.finishedAt,
        durationMs: end.durationMs,
        error: end.error ?? null,
      }).changes > 0
  );
}

/**
 * Marks the runs of this kind still active as failed: only call it when no run of the kind can be in
 * progress (at the start of the next one), since a run left 'running' then belongs to a process that died.
 * Returns their ids, so the caller can clear what they half wrote.
 */
export function markInterruptedRuns(db: Db, kind: RunKind, now: string): number[] {
  return db
    .prepare(
      `UPDATE runs SET status = 'failed', error = 'interrupted before completion', finished_at = ?
       WHERE kind = ? AND status IN ('running', 'paused') RETURNING id`,
    )
    .pluck()
    .all(now, kind) as number[];
}

/** One run; with a kind, null when the run is of another kind. */
export function runById(db: Db, id: number, kind?: RunKind): Run | null {
  const row = db
    .prepare(`SELECT ${columns} FROM runs WHERE id = @id AND (@kind IS NULL OR kind = @kind)`)
    .get({ id, kind: kind ?? null }) as DbRun | undefined;
  return row ? toRun(row) : null;
}

/** The newest run of a kind in this status (optionally of one reasoner), or null. */
export function latestRun(
  db: Db,
  kind: RunKind,
  status: RunStatus,
  reasoner: ReasonerKind | null = null,
): Run | null {
  const row = db
    .prepare(
      `SELECT ${columns} FROM runs WHERE kind = @kind AND status = @status
         AND (@reasoner IS NULL OR reasoner = @reasoner)
       ORDER BY id DESC LIMIT 1`,
    )
    .get({ kind, status, reasoner }) as DbRun | undefined;
  return row ? toRun(row) : null;
}

/**
 * The newest run of this kind made with exactly this reasoner, model and prompt version, when it never
 * completed (paused, cancelled, failed, or interrupted): the one to resume. Null when the newest completed.
 */
export function unfinishedRun(db: Db, kind: RunKind, key: RunKey): Run | null {
  const row = db
    .prepare(
      `SELECT ${columns} FROM runs WHERE kind = ? AND reasoner = ? AND model IS ? AND prompt_version = ?
       ORDER BY id DESC LIMIT 1`,
    )
    .get(kind, key.reasoner, key.model, key.promptVersion) as DbRun | undefined;
  return row && row.status !== 'completed' ? toRun(row) : null;
}

export interface RunListOptions {
  /** At most this many runs, a positive whole number. */
  readonly limit: number;
  readonly kind?: RunKind | null;
  readonly status?: RunStatus | null;
}

/** Every run, newest first, whatever became of it: the history the Engine screen lists. */
export function listRuns(db: Db, options: RunListOptions): Run[] {
  if (!Number.isInteger(options.limit) || options.limit < 1)
    throw new RangeError(`listRuns: limit must be a positive whole number, got ${options.limit}`);
  const rows = db
    .prepare(
      `SELECT ${columns} FROM runs WHERE (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ kind: options.kind ?? null, status: options.status ?? null, limit: options.limit }) as DbRun[];
  return rows.map(toRun);
}
