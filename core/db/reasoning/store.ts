import type { Db } from '../open.js';
import type { ReasonerKind } from '../../domain/reasoners.js';
import type { Feature } from '../../domain/features.js';
import { clearFailure, type Subject } from './outcomes.js';

/**
 * The current reasoning of each item and client, per reasoner: a new run replaces the rows of the subjects it
 * reasoned and leaves the others. Writers never open a transaction: the job commits each finished subject in
 * one, so a crash keeps every subject finished before it.
 */

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
