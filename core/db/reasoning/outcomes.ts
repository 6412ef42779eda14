import { z } from 'zod';
import type { Db } from '../open.js';
import { gateReasons, type GateReason, type ReasonerKind } from '../../domain/reasoners.js';

/**
 * What the model answered, kept apart from the features it became: the outcome cache (keyed by content hash,
 * model and prompt version, so a re-run asks the model nothing it already answered) and the failures (output
 * that never validated, or a model that could not be reached), each with its raw text.
 */

export type Subject = 'item' | 'client';

export interface CacheKey {
  readonly subject: Subject;
  readonly contentHash: string;
  readonly model: string;
  readonly promptVersion: string;
}

export type CachedOutcome =
  | { readonly status: 'ok'; readonly output: unknown }
  | {
      readonly status: 'failed';
      readonly step: string | null;
      readonly error: string;
      readonly rawText: string;
    };

export function cachedOutcome(db: Db, key: CacheKey): CachedOutcome | null {
  const row = db
    .prepare(
      `SELECT status, output, step, error, raw_text AS rawText FROM reasoning_cache
       WHERE subject = ? AND content_hash = ? AND model = ? AND prompt_version = ?`,
    )
    .get(key.subject, key.contentHash, key.model, key.promptVersion) as
    | {
        status: 'ok' | 'failed';
        output: string;
        step: string | null;
        error: string | null;
        rawText: string | null;
      }
    | undefined;
  if (!row) return null;
  return row.status === 'ok'
    ? { status: 'ok', output: JSON.parse(row.output) as unknown }
    : { status: 'failed', step: row.step, error: row.error ?? '', rawText: row.rawText ?? '' };
}

export function storeOutcome(
  db: Db,
  key: CacheKey,
  outcome: CachedOutcome,
  runId: number,
  now: string,
): void {
  db.prepare(
    `INSERT INTO reasoning_cache (subject, content_hash, model, prompt_version, status, output, step, error, raw_text,
       run_id, created_at)
     VALUES (@subject, @contentHash, @model, @promptVersion, @status, @output, @step, @error, @rawText,
       @runId, @now)
     ON CONFLICT (subject, content_hash, model, prompt_version) DO UPDATE SET status = excluded.status,
       output = excluded.output, step = excluded.step, error = excluded.error, raw_text = excluded.raw_text,
       run_id = excluded.run_id,
       created_at = excluded.created_at`,
  ).run({
    ...key,
    status: outcome.status,
    output: outcome.status === 'ok' ? JSON.stringify(outcome.output) : '{}',
    step: outcome.status === 'failed' ? outcome.step : null,
    error: outcome.status === 'failed' ? outcome.error : null,
    rawText: outcome.status === 'failed' ? outcome.rawText : null,
    runId,
    now,
  });
}

export interface FailureWrite {
  readonly subject: Subject;
  readonly subjectId: number;
  readonly reasoner: ReasonerKind;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly contentHash: string;
  /** 'output': the model's text never validated; 'transient': the model could not be reached or timed out. */
  readonly kind: 'output' | 'transient';
  readonly step: string | null;
  /** Why the plausibility gate refused the answer; none (null) for a failure the gate did not make. */
  readonly reason?: GateReason | null;
  readonly error: string;
  readonly rawText: string;
  readonly now: string;
}

export function recordFailure(db: Db, f: FailureWrite): void {
  clearFailure(db, f.subject, f.subjectId, f.reasoner);
  db.prepare(
    `INSERT INTO reasoning_failures (item_id, client_id, reasoner, run_id, model, prompt_version, content_hash, kind,
       step, reason, error, raw_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    f.subject === 'item' ? f.subjectId : null,
    f.subject === 'client' ? f.subjectId : null,
    f.reasoner,
    f.runId,
    f.model,
    f.promptVersion,
    f.contentHash,
    f.kind,
    f.step,
    f.reason ?? null,
    f.error,
    f.rawText,
    f.now,
  );
}

/** A subject reasoned anew has no failure any more. */
export function clearFailure(db: Db, subject: Subject, id: number, reasoner: ReasonerKind): void {
  db.prepare(`DELETE FROM reasoning_failures WHERE ${subject}_id = ? AND reasoner = ?`).run(id, reasoner);
}

export interface StoredFailure {
  readonly subject: Subject;
  readonly subjectId: number;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly kind: 'output' | 'transient';
  readonly step: string | null;
  readonly reason: GateReason | null;
  readonly error: string;
  readonly rawText: string;
}

const reasonSchema = z.enum(gateReasons).nullable();

export function reasoningFailures(db: Db, reasoner: ReasonerKind): StoredFailure[] {
  const rows = db
    .prepare(
      `SELECT item_id AS itemId, client_id AS clientId, run_id AS runId, model, prompt_version AS promptVersion, kind,
         step, reason, error, raw_text AS rawText FROM reasoning_failures WHERE reasoner = ? ORDER BY id`,
    )
    .all(reasoner) as (Omit<StoredFailure, 'subject' | 'subjectId' | 'reason'> & {
    itemId: number | null;
    clientId: number | null;
    reason: string | null;
  })[];
  return rows.map(({ itemId, clientId, reason, ...rest }) => ({
    ...rest,
    reason: reasonSchema.parse(reason),
    subject: itemId !== null ? 'item' : 'client',
    subjectId: itemId ?? clientId ?? 0,
  }));
}

/** How many of a run's subjects the plausibility gate refused, by reason (reasons with none left out). */
export function gateRefusalsByReason(db: Db, runId: number): Partial<Record<GateReason, number>> {
  const rows = db
    .prepare(
      `SELECT reason, count(*) AS n FROM reasoning_failures WHERE run_id = ? AND reason IS NOT NULL
       GROUP BY reason ORDER BY reason`,
    )
    .all(runId) as { reason: string; n: number }[];
  const counts: Partial<Record<GateReason, number>> = {};
  for (const r of rows) counts[z.enum(gateReasons).parse(r.reason)] = r.n;
  return counts;
}
