import { z } from 'zod';
import { interactionKinds, type InteractionKind } from '../catalog/records.js';
import { facets, type Facet, type ReasonerKind } from '../reasoning/types.js';
import type { Db } from './open.js';

/**
 * Optimize runs and what they derive, in the boutique's own row ids. A run writes its rows while its status is
 * 'running' (readers only ever look at the last 'completed' run), then flips to 'completed' in one final
 * transaction that also prunes the rows of older runs. A run that fails, is cancelled or dies with the process
 * leaves the previous run untouched; its partial rows are deleted when it is marked failed or, after a crash,
 * by the next run's `abandonInterruptedRuns`.
 */

const idList = z.array(z.number().int().positive());
const kindCounts = z.partialRecord(z.enum(interactionKinds), z.number().int().nonnegative());

export const storedReasonSchema = z.object({
  source: z.enum(['explicit', 'group', 'sequence', 'popular']),
  /** The interest's normalised phrase (explicit, group), else null. */
  feature: z.string().nullable(),
  /** The feature's facet, so the sentence can say "relaxed pieces" or "bags". */
  facet: z.enum(facets).nullable().default(null),
  count: z.number().int().nonnegative(),
  /** Item ids: the client's items evidencing the interest (explicit) or the anchors it follows (sequence). */
  items: idList,
  /** Client ids: the neighbours (group); never a client who refused profiling. */
  clients: idList,
  share: z.number().min(0).max(1),
  /**
   * explicit: what the client did with the evidence items; sequence: with the anchor items; group without a
   * feature: what the neighbours did with the item itself (each neighbour counted once, by the most telling kind).
   */
  kinds: kindCounts.default({}),
  /** group without a feature: how many of the neighbours bought the item itself. */
  bought: z.number().int().nonnegative().default(0),
});
export type StoredReason = z.output<typeof storedReasonSchema>;
/** What a writer hands in: `facet`, `kinds` and `bought` may be left out. */
export type StoredReasonInput = z.input<typeof storedReasonSchema>;
const storedReasonsSchema = z.array(storedReasonSchema);

export interface StoredInterest {
  readonly feature: string;
  readonly facet: Facet;
  readonly weight: number;
  readonly evidenceItems: readonly number[];
}
export interface StoredNeighbour {
  readonly neighbourId: number;
  readonly similarity: number;
}
export interface StoredGroupInterest {
  readonly feature: string;
  readonly facet: Facet;
  readonly strength: number;
  readonly neighbourCount: number;
  readonly evidenceNeighbours: readonly number[];
  readonly evidenceItems: readonly number[];
}
export interface StoredRecommendation {
  readonly itemId: number;
  readonly score: number;
  readonly reasons: readonly StoredReasonInput[];
}
/** Everything one run derives for one client; lists are in rank order (best first). */
export interface ClientRunRows {
  readonly clientId: number;
  readonly interests: readonly StoredInterest[];
  readonly neighbours: readonly StoredNeighbour[];
  readonly groupInterests: readonly StoredGroupInterest[];
  readonly recommendations: readonly StoredRecommendation[];
}

export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

export interface OptimizeRun {
  readonly id: number;
  readonly status: RunStatus;
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
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
  status: RunStatus;
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

function toRun(row: DbRun): OptimizeRun {
  return {
    id: row.id,
    status: row.status,
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

const derivedTables = [
  'client_interests',
  'client_neighbours',
  'group_interests',
  'recommendations',
] as const;

function deleteRunRows(db: Db, runId: number): void {
  for (const table of derivedTables) db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
}

/**
 * Marks optimize runs left 'running' by a process that died as failed and deletes their partial rows.
 * Only one optimize runs per database at a time (the app's job queue and the CLI see to that).
 */
export function abandonInterruptedRuns(db: Db, now: string): number {
  return db.transaction(() => {
    const stale = db
      .prepare(`SELECT id FROM runs WHERE kind = 'optimize' AND status IN ('running', 'paused')`)
      .pluck()
      .all() as number[];
    const mark = db.prepare(
      `UPDATE runs SET status = 'failed', error = 'interrupted before completion', finished_at = ? WHERE id = ?`,
    );
    for (const id of stale) mark.run(now, id);
    const leftovers = db
      .prepare(
        `SELECT DISTINCT r.id FROM runs r WHERE r.kind = 'optimize' AND r.status IN ('failed', 'cancelled')
           AND EXISTS (SELECT 1 FROM recommendations x WHERE x.run_id = r.id
             UNION ALL SELECT 1 FROM client_interests x WHERE x.run_id = r.id
             UNION ALL SELECT 1 FROM client_neighbours x WHERE x.run_id = r.id
             UNION ALL SELECT 1 FROM group_interests x WHERE x.run_id = r.id)`,
      )
      .pluck()
      .all() as number[];
    for (const id of leftovers) deleteRunRows(db, id);
    return stale.length;
  })();
}

export interface StartRun {
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly params: Record<string, unknown>;
  readonly startedAt: string;
  readonly progressTotal: number;
}

export function startOptimizeRun(db: Db, run: StartRun): number {
  const info = db
    .prepare(
      `INSERT INTO runs (kind, status, reasoner, model, prompt_version, params, progress_total, started_at)
       VALUES ('optimize', 'running', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.reasoner,
      run.model,
      run.promptVersion,
      JSON.stringify(run.params),
      run.progressTotal,
      run.startedAt,
    );
  return Number(info.lastInsertRowid);
}

export function setRunProgress(db: Db, runId: number, done: number, total: number): void {
  db.prepare('UPDATE runs SET progress_done = ?, progress_total = ? WHERE id = ?').run(done, total, runId);
}

/** Writes the rows of a batch of clients for a running run, in one transaction. */
export function writeClientRows(db: Db, runId: number, batch: readonly ClientRunRows[]): void {
  const interest = db.prepare(
    `INSERT INTO client_interests (run_id, client_id, rank, feature, facet, weight, evidence_items)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const neighbour = db.prepare(
    `INSERT INTO client_neighbours (run_id, client_id, neighbour_id, rank, similarity) VALUES (?, ?, ?, ?, ?)`,
  );
  const group = db.prepare(
    `INSERT INTO group_interests (run_id, client_id, rank, feature, facet, strength, neighbour_count,
       evidence_neighbours, evidence_items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recommendation = db.prepare(
    `INSERT INTO recommendations (run_id, client_id, rank, item_id, score, reasons) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const rows of batch) {
      const c = rows.clientId;
      rows.interests.forEach((r, i) =>
        interest.run(runId, c, i + 1, r.feature, r.facet, r.weight, JSON.stringify(r.evidenceItems)),
      );
      rows.neighbours.forEach((r, i) => neighbour.run(runId, c, r.neighbourId, i + 1, r.similarity));
      rows.groupInterests.forEach((r, i) =>
        group.run(
          runId,
          c,
          i + 1,
          r.feature,
          r.facet,
          r.strength,
          r.neighbourCount,
          JSON.stringify(r.evidenceNeighbours),
          JSON.stringify(r.evidenceItems),
        ),
      );
      rows.recommendations.forEach((r, i) =>
        recommendation.run(
          runId,
          c,
          i + 1,
          r.itemId,
          r.score,
          JSON.stringify(storedReasonsSchema.parse(r.reasons)),
        ),
      );
    }
  })();
}

/** Replaces one client's rows in a run (an incremental refresh of the last completed run). */
export function replaceClientRows(db: Db, runId: number, rows: ClientRunRows): void {
  db.transaction(() => {
    for (const table of derivedTables)
      db.prepare(`DELETE FROM ${table} WHERE run_id = ? AND client_id = ?`).run(runId, rows.clientId);
    writeClientRows(db, runId, [rows]);
  })();
}

export class RunNotRunningError extends Error {
  override name = 'RunNotRunningError';
}

/**
 * The final transaction: the run becomes the one readers see. Rows of completed runs older than the last
 * `keepCompleted` are deleted (their runs rows stay as history).
 */
export function completeOptimizeRun(
  db: Db,
  runId: number,
  done: { metrics: Record<string, unknown>; finishedAt: string; durationMs: number; keepCompleted?: number },
): void {
  db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE runs SET status = 'completed', metrics = ?, finished_at = ?, duration_ms = ?,
           progress_done = progress_total WHERE id = ? AND status = 'running'`,
      )
      .run(JSON.stringify(done.metrics), done.finishedAt, done.durationMs, runId).changes;
    if (changed === 0)
      throw new RunNotRunningError(`optimize run ${runId} is no longer running; not completed`);
    const old = db
      .prepare(
        `SELECT id FROM runs WHERE kind = 'optimize' AND status = 'completed' ORDER BY id DESC LIMIT -1 OFFSET ?`,
      )
      .pluck()
      .all(Math.max(1, done.keepCompleted ?? 2)) as number[];
    for (const id of old) deleteRunRows(db, id);
  })();
}

/** A run that will not complete: its rows go, the previous completed run stays what readers see. */
export function endOptimizeRun(
  db: Db,
  runId: number,
  end: { status: 'failed' | 'cancelled'; error: string; finishedAt: string; durationMs: number },
): void {
  db.transaction(() => {
    deleteRunRows(db, runId);
    db.prepare(
      `UPDATE runs SET status = ?, error = ?, finished_at = ?, duration_ms = ? WHERE id = ? AND status = 'running'`,
    ).run(end.status, end.error, end.finishedAt, end.durationMs, runId);
  })();
}

const runColumns = `id, status, reasoner, model, prompt_version, params, metrics, progress_done, progress_total,
  error, started_at, finished_at, duration_ms`;

/** The run readers see: the last completed optimize run, or null before the first one. */
export function latestCompletedRun(db: Db): OptimizeRun | null {
  const row = db
    .prepare(
      `SELECT ${runColumns} FROM runs WHERE kind = 'optimize' AND status = 'completed' ORDER BY id DESC LIMIT 1`,
    )
    .get() as DbRun | undefined;
  return row ? toRun(row) : null;
}

/** The optimize run in progress, if any (for progress display). */
export function runningOptimizeRun(db: Db): OptimizeRun | null {
  const row = db
    .prepare(
      `SELECT ${runColumns} FROM runs WHERE kind = 'optimize' AND status = 'running' ORDER BY id DESC LIMIT 1`,
    )
    .get() as DbRun | undefined;
  return row ? toRun(row) : null;
}

export function optimizeRun(db: Db, runId: number): OptimizeRun | null {
  const row = db.prepare(`SELECT ${runColumns} FROM runs WHERE id = ? AND kind = 'optimize'`).get(runId) as
    DbRun | undefined;
  return row ? toRun(row) : null;
}

export function runRowCounts(db: Db, runId: number): Record<(typeof derivedTables)[number], number> {
  const counts = {} as Record<(typeof derivedTables)[number], number>;
  for (const table of derivedTables)
    counts[table] = db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;
  return counts;
}

export { idList, storedReasonsSchema, type InteractionKind };
export const facetSchema = z.enum(facets);
