import { z } from 'zod';
import type { Db } from './open.js';
import { featureSchema, type Feature, type ReasonerKind } from '../reasoning/types.js';

/**
 * The reasoning job's reads and writes: runs of kind 'reason', the outcome cache, current item and client
 * reasoning, failures, feature embeddings and synonyms. Writers never open a transaction: the job commits each
 * finished subject in one, so a crash keeps every subject finished before it.
 */

export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type Subject = 'item' | 'client';

export interface ReasoningRunKey {
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
}

export interface ReasoningRunRow extends ReasoningRunKey {
  readonly id: number;
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

const jsonObject = z.record(z.string(), z.unknown());

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

const toRun = (r: DbRun): ReasoningRunRow => ({
  id: r.id,
  status: r.status,
  reasoner: r.reasoner,
  model: r.model,
  promptVersion: r.prompt_version,
  params: jsonObject.parse(JSON.parse(r.params)),
  metrics: jsonObject.parse(JSON.parse(r.metrics)),
  progressDone: r.progress_done,
  progressTotal: r.progress_total,
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
});

export function startReasoningRun(db: Db, key: ReasoningRunKey, params: object, startedAt: string): number {
  return db
    .prepare(
      `INSERT INTO runs (kind, status, reasoner, model, prompt_version, params, started_at)
       VALUES ('reason', 'running', ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(key.reasoner, key.model, key.promptVersion, JSON.stringify(params), startedAt) as number;
}

export function reasoningRun(db: Db, id: number): ReasoningRunRow | null {
  const row = db.prepare(`SELECT * FROM runs WHERE id = ? AND kind = 'reason'`).get(id) as DbRun | undefined;
  return row ? toRun(row) : null;
}

/**
 * The latest reasoning run of this reasoner, model and prompt version that never completed (it was paused,
 * cancelled, failed, or its process died while 'running'): the one to resume.
 */
export function unfinishedReasoningRun(db: Db, key: ReasoningRunKey): ReasoningRunRow | null {
  const row = db
    .prepare(
      `SELECT * FROM runs WHERE kind = 'reason' AND reasoner = ? AND model IS ? AND prompt_version = ?
       ORDER BY id DESC LIMIT 1`,
    )
    .get(key.reasoner, key.model, key.promptVersion) as DbRun | undefined;
  return row && row.status !== 'completed' ? toRun(row) : null;
}

export function setRunStatus(db: Db, id: number, status: RunStatus): void {
  db.prepare(`UPDATE runs SET status = ?, error = NULL, finished_at = NULL WHERE id = ?`).run(status, id);
}

export function updateRunProgress(db: Db, id: number, done: number, total: number): void {
  db.prepare('UPDATE runs SET progress_done = ?, progress_total = ? WHERE id = ?').run(done, total, id);
}

export interface RunEnd {
  readonly status: Exclude<RunStatus, 'running' | 'paused'>;
  readonly metrics: object;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly error?: string | null;
}

export function finishReasoningRun(db: Db, id: number, end: RunEnd): void {
  db.prepare(
    `UPDATE runs SET status = ?, metrics = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?`,
  ).run(end.status, JSON.stringify(end.metrics), end.finishedAt, end.durationMs, end.error ?? null, id);
}

// --- The outcome cache -----------------------------------------------------------------------------------------

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

// --- Current item and client reasoning -------------------------------------------------------------------------

export interface StoredReasoningState {
  readonly contentHash: string;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly runId: number;
  readonly runCompleted: boolean;
}

function states(db: Db, sql: string, reasoner: ReasonerKind): Map<number, StoredReasoningState> {
  const rows = db.prepare(sql).all(reasoner) as {
    id: number;
    contentHash: string;
    model: string | null;
    promptVersion: string;
    runId: number;
    runCompleted: number;
  }[];
  return new Map(rows.map((r) => [r.id, { ...r, runCompleted: r.runCompleted === 1 }]));
}

/** What each item's current reasoning of this reasoner was made from. */
export function itemReasoningStates(db: Db, reasoner: ReasonerKind): Map<number, StoredReasoningState> {
  return states(
    db,
    `SELECT r.item_id AS id, r.content_hash AS contentHash, r.model, r.prompt_version AS promptVersion,
       r.run_id AS runId, runs.status = 'completed' AS runCompleted
     FROM item_reasoning r JOIN runs ON runs.id = r.run_id WHERE r.reasoner = ?`,
    reasoner,
  );
}

export function clientReasoningStates(db: Db, reasoner: ReasonerKind): Map<number, StoredReasoningState> {
  return states(
    db,
    `SELECT r.client_id AS id, r.history_hash AS contentHash, r.model, r.prompt_version AS promptVersion,
       r.run_id AS runId, runs.status = 'completed' AS runCompleted
     FROM client_reasoning r JOIN runs ON runs.id = r.run_id WHERE r.reasoner = ?`,
    reasoner,
  );
}

export interface ItemReasoningWrite {
  readonly itemId: number;
  readonly reasoner: ReasonerKind;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly contentHash: string;
  readonly love: string;
  readonly dislike: string;
  /** Normalised, one entry per phrase. */
  readonly features: readonly Feature[];
  readonly now: string;
}

/** Replaces the item's reasoning and features of this reasoner, and clears its recorded failure. */
export function writeItemReasoning(db: Db, w: ItemReasoningWrite): void {
  db.prepare(
    `INSERT INTO item_reasoning (item_id, reasoner, run_id, model, prompt_version, content_hash, love, dislike,
       created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id, reasoner) DO UPDATE SET run_id = excluded.run_id, model = excluded.model,
       prompt_version = excluded.prompt_version, content_hash = excluded.content_hash, love = excluded.love,
       dislike = excluded.dislike, created_at = excluded.created_at`,
  ).run(w.itemId, w.reasoner, w.runId, w.model, w.promptVersion, w.contentHash, w.love, w.dislike, w.now);
  db.prepare('DELETE FROM item_features WHERE item_id = ? AND reasoner = ?').run(w.itemId, w.reasoner);
  const insert = db.prepare(
    `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, model, prompt_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of w.features)
    insert.run(w.itemId, w.reasoner, f.phrase, f.facet, f.weight, w.runId, w.model, w.promptVersion);
  clearFailure(db, 'item', w.itemId, w.reasoner);
}

/**
 * Moves rows a never-completed run wrote to this run: readers only trust completed runs, and this run is the
 * one that will complete with them.
 */
export function adoptReasoning(
  db: Db,
  subject: Subject,
  ids: readonly number[],
  reasoner: ReasonerKind,
  runId: number,
): void {
  const [table, column] =
    subject === 'item' ? ['item_reasoning', 'item_id'] : ['client_reasoning', 'client_id'];
  const update = db.prepare(`UPDATE ${table} SET run_id = ? WHERE ${column} = ? AND reasoner = ?`);
  const features = db.prepare('UPDATE item_features SET run_id = ? WHERE item_id = ? AND reasoner = ?');
  for (const id of ids) {
    update.run(runId, id, reasoner);
    if (subject === 'item') features.run(runId, id, reasoner);
  }
}

export interface ClientReasoningWrite {
  readonly clientId: number;
  readonly reasoner: ReasonerKind;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly historyHash: string;
  readonly likes: string;
  readonly dislikes: string;
  readonly corePreference: string;
  readonly features: readonly Feature[];
  readonly now: string;
}

export function writeClientReasoning(db: Db, w: ClientReasoningWrite): void {
  db.prepare(
    `INSERT INTO client_reasoning (client_id, reasoner, run_id, model, prompt_version, history_hash, likes,
       dislikes, core_preference, features, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (client_id, reasoner) DO UPDATE SET run_id = excluded.run_id, model = excluded.model,
       prompt_version = excluded.prompt_version, history_hash = excluded.history_hash, likes = excluded.likes,
       dislikes = excluded.dislikes, core_preference = excluded.core_preference, features = excluded.features,
       created_at = excluded.created_at`,
  ).run(
    w.clientId,
    w.reasoner,
    w.runId,
    w.model,
    w.promptVersion,
    w.historyHash,
    w.likes,
    w.dislikes,
    w.corePreference,
    JSON.stringify(w.features),
    w.now,
  );
  clearFailure(db, 'client', w.clientId, w.reasoner);
}

/** A client who withdrew profiling consent keeps no inferred interests. Returns the rows removed. */
export function removeReasoningWithoutConsent(db: Db, reasoner: ReasonerKind): number {
  const removed = db
    .prepare(
      `DELETE FROM client_reasoning WHERE reasoner = ?
       AND client_id IN (SELECT id FROM clients WHERE consent_profiling = 0)`,
    )
    .run(reasoner).changes;
  db.prepare(
    `DELETE FROM reasoning_failures WHERE reasoner = ?
     AND client_id IN (SELECT id FROM clients WHERE consent_profiling = 0)`,
  ).run(reasoner);
  return removed;
}

export interface HistoryEntry {
  readonly itemId: number;
  readonly kind: string;
}

/**
 * The most recent distinct items of every client who consents to profiling, newest first (a client's latest
 * interaction with an item says what they did with it). `before` keeps the history to training time.
 */
export function recentClientHistories(
  db: Db,
  options: { readonly recent: number; readonly before?: string | null; readonly limit?: number | null },
): Map<number, HistoryEntry[]> {
  const rows = db
    .prepare(
      `SELECT i.client_id AS clientId, i.item_id AS itemId, i.kind FROM interactions i
       JOIN clients c ON c.id = i.client_id AND c.consent_profiling = 1
       WHERE (@before IS NULL OR i.occurred_at < @before)
       ORDER BY i.client_id, i.occurred_at DESC, i.id DESC`,
    )
    .all({ before: options.before ?? null }) as { clientId: number; itemId: number; kind: string }[];
  const out = new Map<number, HistoryEntry[]>();
  const seen = new Map<number, Set<number>>();
  for (const r of rows) {
    let list = out.get(r.clientId);
    if (!list) {
      if (options.limit != null && out.size >= options.limit) continue;
      out.set(r.clientId, (list = []));
      seen.set(r.clientId, new Set());
    }
    const items = seen.get(r.clientId)!;
    if (list.length >= options.recent || items.has(r.itemId)) continue;
    items.add(r.itemId);
    list.push({ itemId: r.itemId, kind: r.kind });
  }
  return out;
}

// --- Failures ---------------------------------------------------------------------------------------------------

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
  readonly error: string;
  readonly rawText: string;
  readonly now: string;
}

export function recordFailure(db: Db, f: FailureWrite): void {
  clearFailure(db, f.subject, f.subjectId, f.reasoner);
  db.prepare(
    `INSERT INTO reasoning_failures (item_id, client_id, reasoner, run_id, model, prompt_version, content_hash, kind,
       step, error, raw_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    f.error,
    f.rawText,
    f.now,
  );
}

function clearFailure(db: Db, subject: Subject, id: number, reasoner: ReasonerKind): void {
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
  readonly error: string;
  readonly rawText: string;
}

export function reasoningFailures(db: Db, reasoner: ReasonerKind): StoredFailure[] {
  const rows = db
    .prepare(
      `SELECT item_id AS itemId, client_id AS clientId, run_id AS runId, model, prompt_version AS promptVersion, kind,
         step, error, raw_text AS rawText FROM reasoning_failures WHERE reasoner = ? ORDER BY id`,
    )
    .all(reasoner) as (Omit<StoredFailure, 'subject' | 'subjectId'> & {
    itemId: number | null;
    clientId: number | null;
  })[];
  return rows.map(({ itemId, clientId, ...rest }) => ({
    ...rest,
    subject: itemId !== null ? 'item' : 'client',
    subjectId: itemId ?? clientId ?? 0,
  }));
}

// --- Feature embeddings and synonyms ----------------------------------------------------------------------------

export function storedEmbeddings(
  db: Db,
  model: string,
  phrases: readonly string[],
): Map<string, Float32Array> {
  const stmt = db.prepare('SELECT vector FROM feature_embeddings WHERE model = ? AND feature = ?').pluck();
  const out = new Map<string, Float32Array>();
  for (const phrase of phrases) {
    const blob = stmt.get(model, phrase) as Buffer | undefined;
    if (blob)
      out.set(
        phrase,
        new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)),
      );
  }
  return out;
}

export function storeEmbeddings(db: Db, model: string, vectors: ReadonlyMap<string, Float32Array>): void {
  const stmt = db.prepare(
    `INSERT INTO feature_embeddings (model, feature, dimensions, vector) VALUES (?, ?, ?, ?)
     ON CONFLICT (model, feature) DO UPDATE SET dimensions = excluded.dimensions, vector = excluded.vector`,
  );
  for (const [phrase, v] of vectors)
    stmt.run(model, phrase, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
}

const storedFeatures = z.array(featureSchema);

/** Every phrase of this reasoner's item and client features, with how many items or clients hold it. */
export function featurePhraseCounts(db: Db, reasoner: ReasonerKind): Map<string, number> {
  const counts = new Map<string, number>();
  const rows = db
    .prepare('SELECT feature, count(*) AS n FROM item_features WHERE reasoner = ? GROUP BY feature')
    .all(reasoner) as { feature: string; n: number }[];
  for (const r of rows) counts.set(r.feature, r.n);
  const clients = db
    .prepare('SELECT features FROM client_reasoning WHERE reasoner = ?')
    .pluck()
    .all(reasoner) as string[];
  for (const json of clients)
    for (const f of storedFeatures.parse(JSON.parse(json)))
      counts.set(f.phrase, (counts.get(f.phrase) ?? 0) + 1);
  return counts;
}

export interface Synonym {
  readonly feature: string;
  readonly canonical: string;
  readonly similarity: number;
}

export function featureSynonyms(db: Db, reasoner: ReasonerKind): Map<string, string> {
  const rows = db
    .prepare('SELECT feature, canonical FROM feature_synonyms WHERE reasoner = ?')
    .all(reasoner) as { feature: string; canonical: string }[];
  return new Map(rows.map((r) => [r.feature, r.canonical]));
}

/**
 * Records the synonyms and rewrites this reasoner's stored features onto their canonical phrases; an item or
 * client holding both keeps the stronger weight.
 */
export function applySynonyms(
  db: Db,
  reasoner: ReasonerKind,
  synonyms: readonly Synonym[],
  model: string,
  runId: number,
): void {
  const record = db.prepare(
    `INSERT INTO feature_synonyms (reasoner, feature, canonical, similarity, model, run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (reasoner, feature) DO UPDATE SET canonical = excluded.canonical, similarity = excluded.similarity,
       model = excluded.model, run_id = excluded.run_id`,
  );
  const merge = db.prepare(
    `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, model, prompt_version)
     SELECT item_id, reasoner, @canonical, facet, weight, run_id, model, prompt_version FROM item_features
     WHERE reasoner = @reasoner AND feature = @feature
     ON CONFLICT (item_id, reasoner, feature) DO UPDATE SET weight = max(weight, excluded.weight)`,
  );
  const drop = db.prepare('DELETE FROM item_features WHERE reasoner = ? AND feature = ?');
  const mapping = new Map<string, string>();
  for (const s of synonyms) {
    record.run(reasoner, s.feature, s.canonical, s.similarity, model, runId);
    merge.run({ canonical: s.canonical, reasoner, feature: s.feature });
    drop.run(reasoner, s.feature);
    mapping.set(s.feature, s.canonical);
  }
  const clients = db
    .prepare('SELECT client_id AS id, features FROM client_reasoning WHERE reasoner = ?')
    .all(reasoner) as { id: number; features: string }[];
  const update = db.prepare('UPDATE client_reasoning SET features = ? WHERE client_id = ? AND reasoner = ?');
  for (const c of clients) {
    const before = storedFeatures.parse(JSON.parse(c.features));
    const after = mergeFeatures(before.map((f) => ({ ...f, phrase: mapping.get(f.phrase) ?? f.phrase })));
    if (JSON.stringify(after) !== JSON.stringify(before)) update.run(JSON.stringify(after), c.id, reasoner);
  }
}

/** One entry per phrase, the strongest weight kept, in first-seen order. */
export function mergeFeatures(features: readonly Feature[]): Feature[] {
  const byPhrase = new Map<string, Feature>();
  for (const f of features) {
    const prev = byPhrase.get(f.phrase);
    if (!prev || f.weight > prev.weight) byPhrase.set(f.phrase, prev ? { ...prev, weight: f.weight } : f);
  }
  return [...byPhrase.values()];
}
