import type { Db } from '../open.js';
import { CoreError } from '../../domain/errors.js';

/**
 * Erasing one client on request (GDPR art. 17): every row that is about her, in every table, derived ones
 * included. core/privacy/erase.ts strings these together in one transaction around the engine's incremental
 * update; this file is only the SQL. `erasureInventory` names every table of the schema and what erasure does
 * with it, so a table a later migration adds fails test/integration/privacy/erase.test.ts until it is placed.
 */

export const erasureInventory = {
  /** Rows about her: deleted. */
  erased: {
    clients: 'her profile (name, email, phone, sizes, preferences, tags, consents)',
    interactions: 'her purchases, returns, try-ons, wishlists and views',
    notes: 'what associates wrote about her',
    client_dates: 'her birthday and other dates',
    follow_ups: 'tasks about her',
    contacts: 'the contact log: what was sent to her',
    contact_items: 'the pieces frozen in those contacts',
    selections: 'selections made for her, their titles and messages',
    selection_items: 'their pieces and notes',
    client_interests: 'her explicit interests, every run',
    client_neighbours: 'her neighbour list, and her place in everyone else’s',
    group_interests: 'her group interests (her segments), every run',
    recommendations: 'her recommendations and their reasons, every run',
    client_reasoning: 'what a reasoner concluded of her history',
    reasoning_failures: 'a reasoner’s failed answers about her',
    reasoning_cache: 'cached model answers about her histories (by history hash)',
    client_search: 'her search keys (folded name, email, phone digits)',
    client_search_pending: 'her pending search-key refresh',
  },
  /** Rows of other clients that cite her: rewritten without her. */
  rewritten: {
    group_interests: 'other clients’ group-interest evidence naming her (recomputed, else her id removed)',
    recommendations: 'other clients’ reasons citing her (recomputed, else her id removed)',
    contacts: 'another client’s contact that sent a selection made for her: its title forgotten',
  },
  /** Tables that hold nothing about any one client. */
  untouched: {
    items: 'the catalog',
    item_reasoning: 'what reasoners concluded of items',
    item_features: 'item features',
    feature_embeddings: 'vectors of feature phrases',
    feature_synonyms: 'merged feature phrases',
    runs: 'runs: parameters, counts and timings',
    associates: 'who uses the app',
    message_templates: 'the boutique’s templates',
    settings: 'the boutique’s settings',
    client_search_state: 'a generation counter (bumped, so cached filter counts are recounted)',
    follow_up_rules_state: 'a generation counter (bumped by triggers as her rows go)',
    erasures: 'the erasure log: when and by whom, nothing about her',
  },
} as const;

/** A request (erasure, export) names no client: said before anything is read or written. */
export class UnknownRequestedClientError extends CoreError<'unknown-client'> {
  constructor(readonly ref: string) {
    super(
      'unknown-client',
      'not-found',
      `there is no client "${ref}" (give a client number, such as CL-100042, or a row id); nothing was changed`,
    );
  }
}

/** The client a request names, with what must be gone from the file's bytes afterwards. */
export interface RequestedClient {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
}

/** By row id, or by client number ("CL-100042") else row id ("42") when given as text. */
export function clientOfRequest(db: Db, ref: string | number): RequestedClient {
  const text = String(ref).trim();
  const select = 'SELECT id, external_id AS externalId, name, email, phone FROM clients';
  const row = (
    typeof ref === 'number'
      ? db.prepare(`${select} WHERE id = ?`).get(ref)
      : (db.prepare(`${select} WHERE external_id = ?`).get(text) ??
        (/^\d{1,15}$/.test(text) ? db.prepare(`${select} WHERE id = ?`).get(Number(text)) : undefined))
  ) as RequestedClient | undefined;
  if (row === undefined) throw new UnknownRequestedClientError(text);
  return row;
}

/** One of her interactions, most recent first, as the reasoning job reads histories. */
export interface ErasedHistoryEntry {
  readonly itemId: number;
  readonly kind: string;
  readonly occurredAt: string;
}

export function clientHistoryNewestFirst(db: Db, clientId: number): ErasedHistoryEntry[] {
  return db
    .prepare(
      `SELECT item_id AS itemId, kind, occurred_at AS occurredAt FROM interactions WHERE client_id = ?
       ORDER BY occurred_at DESC, id DESC`,
    )
    .all(clientId) as ErasedHistoryEntry[];
}

/** The history hashes her stored reasoning and failures were keyed by. */
export function storedHistoryHashes(db: Db, clientId: number): string[] {
  return db
    .prepare(
      `SELECT history_hash FROM client_reasoning WHERE client_id = ?
       UNION SELECT content_hash FROM reasoning_failures WHERE client_id = ?`,
    )
    .pluck()
    .all(clientId, clientId) as string[];
}

/** How many recent items reasoning runs have shown a model of each client (their `recentItems` parameter). */
export function reasoningHistoryDepths(db: Db): number[] {
  return db
    .prepare(
      `SELECT DISTINCT CAST(json_extract(params, '$.recentItems') AS INTEGER) FROM runs
       WHERE kind = 'reason' AND json_valid(params) AND json_type(params, '$.recentItems') = 'integer'`,
    )
    .pluck()
    .all() as number[];
}

/**
 * Empties her history and withdraws her profiling consent, so the engine's incremental update sees a client
 * with nothing to give: she leaves every neighbour list and every piece of evidence.
 */
export function forgetClientHistory(db: Db, clientId: number): number {
  const removed = db.prepare('DELETE FROM interactions WHERE client_id = ?').run(clientId).changes;
  db.prepare('UPDATE clients SET consent_profiling = 0 WHERE id = ?').run(clientId);
  return removed;
}

type Counts = Record<string, number>;

/** Her own rows of every run (the incremental update empties them before they are deleted). */
export function derivedRowCounts(db: Db, clientId: number): Counts {
  const counts: Counts = {};
  for (const table of ['client_interests', 'client_neighbours', 'group_interests', 'recommendations'])
    counts[table] = db
      .prepare(`SELECT count(*) FROM ${table} WHERE client_id = ?`)
      .pluck()
      .get(clientId) as number;
  return counts;
}

/**
 * Deletes every row about her, table by table (children before parents, so each count is the table's own),
 * once the engine has rewritten the neighbours' rows. Returns the rows removed per table.
 */
export function deleteClientRows(db: Db, clientId: number, historyHashes: readonly string[]): Counts {
  const counts: Counts = {};
  const run = (table: string, sql: string, ...params: unknown[]) => {
    counts[table] = (counts[table] ?? 0) + db.prepare(sql).run(...params).changes;
  };
  const hers = 'SELECT id FROM selections WHERE client_id = ?';
  // Another client's contact that sent a selection made for her keeps what it sent, not its title.
  run(
    'contacts (others, title forgotten)',
    `UPDATE contacts SET selection_title = NULL, selection_id = NULL
     WHERE client_id <> ? AND selection_id IN (${hers})`,
    clientId,
    clientId,
  );
  run(
    'contact_items',
    'DELETE FROM contact_items WHERE contact_id IN (SELECT id FROM contacts WHERE client_id = ?)',
    clientId,
  );
  run('contacts', 'DELETE FROM contacts WHERE client_id = ?', clientId);
  run('follow_ups', 'DELETE FROM follow_ups WHERE client_id = ?', clientId);
  run('client_dates', 'DELETE FROM client_dates WHERE client_id = ?', clientId);
  run('notes', 'DELETE FROM notes WHERE client_id = ?', clientId);
  run('selection_items', `DELETE FROM selection_items WHERE selection_id IN (${hers})`, clientId);
  run('selections', 'DELETE FROM selections WHERE client_id = ?', clientId);
  run('interactions', 'DELETE FROM interactions WHERE client_id = ?', clientId);
  run('client_interests', 'DELETE FROM client_interests WHERE client_id = ?', clientId);
  run(
    'client_neighbours',
    'DELETE FROM client_neighbours WHERE client_id = ? OR neighbour_id = ?',
    clientId,
    clientId,
  );
  run('group_interests', 'DELETE FROM group_interests WHERE client_id = ?', clientId);
  run('recommendations', 'DELETE FROM recommendations WHERE client_id = ?', clientId);
  run('client_reasoning', 'DELETE FROM client_reasoning WHERE client_id = ?', clientId);
  run('reasoning_failures', 'DELETE FROM reasoning_failures WHERE client_id = ?', clientId);
  run(
    'reasoning_cache',
    `DELETE FROM reasoning_cache WHERE subject = 'client' AND content_hash IN (SELECT value FROM json_each(?))`,
    JSON.stringify(historyHashes),
  );
  run('client_search', 'DELETE FROM client_search WHERE id = ?', clientId);
  run('client_search_pending', 'DELETE FROM client_search_pending WHERE client_id = ?', clientId);
  run('clients', 'DELETE FROM clients WHERE id = ?', clientId);
  // The client book's filter counts are cached on this generation: they must be recounted without her.
  db.prepare('UPDATE client_search_state SET generation = generation + 1').run();
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

const namesHer = (column: string) => `EXISTS (SELECT 1 FROM json_each(${column}) e WHERE e.value = @id)`;
const reasonsNameHer = `EXISTS (SELECT 1 FROM json_each(r.reasons) x, json_each(x.value, '$.clients') y
  WHERE y.value = @id)`;

/**
 * Other clients' rows that still cite her after the incremental update (a run it could not refresh: an older
 * or unfinished run, a catalog changed since): her id taken out of their evidence, and the counts it was part
 * of lowered, as the reader does for a neighbour who withdrew. A group interest left with no neighbour goes.
 */
export function scrubClientEvidence(db: Db, clientId: number): number {
  let rewritten = 0;
  const params = { id: clientId };
  rewritten += db
    .prepare(
      `DELETE FROM group_interests WHERE client_id <> @id AND neighbour_count <= 1 AND ${namesHer('evidence_neighbours')}`,
    )
    .run(params).changes;
  rewritten += db
    .prepare(
      `UPDATE group_interests SET neighbour_count = neighbour_count - 1,
         evidence_neighbours = (SELECT json_group_array(value) FROM
           (SELECT e.value FROM json_each(group_interests.evidence_neighbours) e WHERE e.value <> @id ORDER BY e.key))
       WHERE client_id <> @id AND ${namesHer('evidence_neighbours')}`,
    )
    .run(params).changes;
  const rows = db
    .prepare(`SELECT rowid, reasons FROM recommendations r WHERE r.client_id <> @id AND ${reasonsNameHer}`)
    .all(params) as { rowid: number; reasons: string }[];
  const write = db.prepare('UPDATE recommendations SET reasons = ? WHERE rowid = ?');
  for (const row of rows) {
    const reasons = JSON.parse(row.reasons) as Record<string, unknown>[];
    const without = reasons.map((reason) => {
      const clients = Array.isArray(reason['clients']) ? (reason['clients'] as unknown[]) : [];
      if (!clients.includes(clientId)) return reason;
      const lower = (key: string) => {
        const n = reason[key];
        return typeof n === 'number' ? { [key]: Math.max(0, n - 1) } : {};
      };
      return {
        ...reason,
        ...lower('count'),
        ...lower('bought'),
        clients: clients.filter((c) => c !== clientId),
      };
    });
    write.run(JSON.stringify(without), row.rowid);
    rewritten++;
  }
  return rewritten;
}

/** Rows of any run (hers or anyone's) that still name her id: 0 once she is erased. */
export function clientMentions(db: Db, clientId: number): number {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM client_neighbours WHERE client_id = @id OR neighbour_id = @id)
        + (SELECT count(*) FROM group_interests WHERE client_id = @id OR ${namesHer('evidence_neighbours')})
        + (SELECT count(*) FROM recommendations r WHERE r.client_id = @id OR ${reasonsNameHer})
        + (SELECT count(*) FROM client_interests WHERE client_id = @id)`,
    )
    .pluck()
    .get({ id: clientId }) as number;
}

export interface ErasureLogEntry {
  readonly id: number;
  readonly erasedAt: string;
  readonly erasedBy: string | null;
  readonly via: 'cli' | 'app';
}

export function logErasure(db: Db, entry: Omit<ErasureLogEntry, 'id'>): number {
  return db
    .prepare('INSERT INTO erasures (erased_at, erased_by, via) VALUES (?, ?, ?) RETURNING id')
    .pluck()
    .get(entry.erasedAt, entry.erasedBy, entry.via) as number;
}

export function erasureLog(db: Db): ErasureLogEntry[] {
  return db
    .prepare('SELECT id, erased_at AS erasedAt, erased_by AS erasedBy, via FROM erasures ORDER BY id')
    .all() as ErasureLogEntry[];
}

/**
 * Runs `work` with secure_delete on, so SQLite overwrites what it deletes with zeros instead of leaving it in
 * free space, then gives the connection its own setting back.
 */
export function withSecureDelete<T>(db: Db, work: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    db.pragma(`secure_delete = ${before}`);
  }
}

export interface FileCompaction {
  /** The file was rebuilt (VACUUM): no free page or free space keeps an older copy of her rows. */
  readonly vacuumed: boolean;
  /** The write-ahead log was folded into the file and emptied (0 bytes). */
  readonly walEmptied: boolean;
}

/**
 * After the erasure has committed: VACUUM rebuilds the file, so copies of her rows that older writes left in
 * free space (before secure_delete was on: a renamed client's old name, search keys rewritten) are gone too,
 * then a TRUNCATE checkpoint folds the log into the file and empties it. Another connection reading (the app
 * open on the same book) can hold either back: the erasure stands, and the report says what is left to do.
 */
export function compactAfterErasure(db: Db): FileCompaction {
  let vacuumed = false;
  try {
    withSecureDelete(db, () => db.exec('VACUUM'));
    vacuumed = true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED')))
      throw error;
  }
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
  return { vacuumed, walEmptied: result !== undefined && result.busy === 0 && result.log <= 0 };
}
