import { z } from 'zod';
import { interactionKinds, type InteractionKind } from '../../domain/catalog.js';
import { type ReasonerKind } from '../../domain/reasoners.js';
import { facets, type Facet } from '../../domain/features.js';
import { reasonSources } from '../../domain/recommendations.js';
import type { Db } from '../open.js';
import {
  finishRun,
  latestRun,
  markInterruptedRuns,
  runById,
  setRunProgress,
  startRun,
  type Run,
} from './runs.js';
import type { RunStatus } from '../../domain/runs.js';
import { CoreError, type CoreErrorOptions } from '../../domain/errors.js';

/**
 * What optimize runs derive, in the boutique's own row ids. A run writes its rows while its status is
 * 'running' (readers only ever look at the last 'completed' run), then flips to 'completed' in one final
 * transaction that also prunes the rows of older runs. A run that fails, is cancelled or dies with the process
 * leaves the previous run untouched; its partial rows are deleted when it is marked failed or, after a crash,
 * by the next run's `abandonInterruptedRuns`.
 */

const idList = z.array(z.number().int().positive());
const kindCounts = z.partialRecord(z.enum(interactionKinds), z.number().int().nonnegative());

export const storedReasonSchema = z.object({
  source: z.enum(reasonSources),
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
  /** sequence: the anchor is the latest piece she did that with (older runs have none: not said). */
  latest: z.boolean().optional(),
  /** sequence: what the client did with the first anchor, by its most telling kind (older runs: none). */
  anchorKind: z.enum(interactionKinds).optional(),
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

/** An optimisation run as the runs table holds it (kind 'optimize'). */
export type OptimizeRun = Run;
export type { RunStatus };

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
 * Marks optimize runs left 'running' by a process that died as failed and deletes their partial rows, and
 * the leftovers of any failed or cancelled run. Only one optimize runs per database at a time (the app's job
 * queue and the CLI see to that), so it is called at the start of the next one.
 */
export function abandonInterruptedRuns(db: Db, now: string): number {
  return db.transaction(() => {
    const stale = markInterruptedRuns(db, 'optimize', now);
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
  return startRun(db, 'optimize', run);
}

export { setRunProgress };

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

export class RunNotRunningError extends CoreError<'run-not-running'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('run-not-running', 'conflict', message, options);
  }
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
    const completed = finishRun(db, runId, {
      status: 'completed',
      metrics: done.metrics,
      finishedAt: done.finishedAt,
      durationMs: done.durationMs,
    });
    if (!completed) throw new RunNotRunningError(`optimize run ${runId} is no longer running; not completed`);
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
    finishRun(db, runId, end);
  })();
}

/** The run readers see: the last completed optimize run, or null before the first one. */
export function latestCompletedRun(db: Db): OptimizeRun | null {
  return latestRun(db, 'optimize', 'completed');
}

/** The optimize run in progress, if any (for progress display). */
export function runningOptimizeRun(db: Db): OptimizeRun | null {
  return latestRun(db, 'optimize', 'running');
}

export function optimizeRun(db: Db, runId: number): OptimizeRun | null {
  return runById(db, runId, 'optimize');
}

export function runRowCounts(db: Db, runId: number): Record<(typeof derivedTables)[number], number> {
  const counts = {} as Record<(typeof derivedTables)[number], number>;
  for (const table of derivedTables)
    counts[table] = db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;
  return counts;
}

export { idList, storedReasonsSchema, type InteractionKind };
export const facetSchema = z.enum(facets);
