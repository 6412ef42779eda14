import { writeClientRows, type ClientRunRows } from './engine-store.js';
import type { Db } from '../open.js';

/**
 * The reads and writes of an incremental refresh of the last completed optimize run (core/engine/incremental.ts),
 * and the watch that tells which clients' histories an import changed.
 */

/** One client's neighbour list as a run stored it, most similar first (row ids). */
export interface StoredNeighbourList {
  readonly neighbours: number[];
  readonly similarities: number[];
}

/** Some clients' neighbour lists in a run, by client row id (a client without neighbours is left out). */
export function runNeighbourLists(
  db: Db,
  runId: number,
  clientIds: readonly number[],
): Map<number, StoredNeighbourList> {
  const rows = db
    .prepare(
      `SELECT client_id, neighbour_id, similarity FROM client_neighbours
       WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) ORDER BY client_id, rank`,
    )
    .raw()
    .all(runId, JSON.stringify(clientIds)) as [number, number, number][];
  const out = new Map<number, StoredNeighbourList>();
  for (const [client, neighbour, similarity] of rows) {
    let list = out.get(client);
    if (list === undefined) out.set(client, (list = { neighbours: [], similarities: [] }));
    list.neighbours.push(neighbour);
    list.similarities.push(similarity);
  }
  return out;
}

/** The clients whose neighbour list in a run names any of `neighbourIds`, ascending. */
export function clientsWithNeighbours(db: Db, runId: number, neighbourIds: readonly number[]): number[] {
  return db
    .prepare(
      `SELECT DISTINCT client_id FROM client_neighbours
       WHERE run_id = ? AND neighbour_id IN (SELECT value FROM json_each(?)) ORDER BY client_id`,
    )
    .pluck()
    .all(runId, JSON.stringify(neighbourIds)) as number[];
}

/** Per client (row id), how many neighbours her list in a run holds and the last one's similarity. */
export function neighbourListFloors(
  db: Db,
  runId: number,
  clientIds: readonly number[],
): Map<number, { size: number; last: number }> {
  const rows = db
    .prepare(
      `SELECT client_id, count(*), min(similarity) FROM client_neighbours
       WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) GROUP BY client_id`,
    )
    .raw()
    .all(runId, JSON.stringify(clientIds)) as [number, number, number][];
  return new Map(rows.map(([client, size, last]) => [client, { size, last }]));
}

/** Some clients' recommendations in a run, best first: item row ids and scores, by client row id. */
export function runRecommendationScores(
  db: Db,
  runId: number,
  clientIds: readonly number[],
): Map<number, { items: number[]; scores: number[] }> {
  const rows = db
    .prepare(
      `SELECT client_id, item_id, score FROM recommendations
       WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) ORDER BY client_id, rank`,
    )
    .raw()
    .iterate(runId, JSON.stringify(clientIds)) as Iterable<[number, number, number]>;
  const out = new Map<number, { items: number[]; scores: number[] }>();
  for (const [client, item, score] of rows) {
    let list = out.get(client);
    if (list === undefined) out.set(client, (list = { items: [], scores: [] }));
    list.items.push(item);
    list.scores.push(score);
  }
  return out;
}

/** The ids among `ids` that name no client. */
export function unknownClientIds(db: Db, ids: readonly number[]): number[] {
  const known = new Set(
    db
      .prepare('SELECT id FROM clients WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)) as number[],
  );
  return ids.filter((id) => !known.has(id));
}

/** The tables holding what a run derives per client (as core/db/engine-store.ts writes them). */
const clientRunTables = [
  'client_interests',
  'client_neighbours',
  'group_interests',
  'recommendations',
] as const;

/**
 * Replaces several clients' rows of a run in one transaction: readers see the run before or after the whole
 * refresh, never in between. One delete per table and one batch write, rather than a `replaceClientRows` per
 * client (which prepares its statements each time: 2 ms a client on the demo boutique).
 */
export function replaceRunClients(db: Db, runId: number, batch: readonly ClientRunRows[]): void {
  const ids = JSON.stringify(batch.map((rows) => rows.clientId));
  db.transaction(() => {
    for (const table of clientRunTables)
      db.prepare(
        `DELETE FROM ${table} WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?))`,
      ).run(runId, ids);
    writeClientRows(db, runId, batch);
  })();
}

/** Which clients' histories changed since `watchClientHistories` was called, on this connection. */
export interface HistoryWatch {
  /** Row ids, ascending: clients with an interaction added, changed in quantity or removed, or whose
   *  profiling consent changed. */
  changedClients(): number[];
  /** Drops the watch's temporary triggers (closing the connection does too). */
  stop(): void;
}

// ON CONFLICT DO NOTHING, not INSERT OR IGNORE: inside a trigger fired by an upsert, the outer statement's
// conflict rule overrides OR IGNORE and a client named twice would abort the import.
const watchTriggers = [
  `CREATE TEMP TRIGGER atelier_history_quantity AFTER UPDATE OF quantity, client_id ON interactions
     WHEN OLD.quantity IS NOT NEW.quantity OR OLD.client_id IS NOT NEW.client_id
     BEGIN INSERT INTO atelier_changed_clients VALUES (OLD.client_id), (NEW.client_id) ON CONFLICT DO NOTHING; END`,
  `CREATE TEMP TRIGGER atelier_history_delete AFTER DELETE ON interactions
     BEGIN INSERT INTO atelier_changed_clients VALUES (OLD.client_id) ON CONFLICT DO NOTHING; END`,
  `CREATE TEMP TRIGGER atelier_history_consent AFTER UPDATE OF consent_profiling ON clients
     WHEN OLD.consent_profiling IS NOT NEW.consent_profiling
     BEGIN INSERT INTO atelier_changed_clients VALUES (NEW.id) ON CONFLICT DO NOTHING; END`,
];

/**
 * Starts watching this connection's writes for changed client histories. New interactions are found by row id
 * (an insert always gets a larger one), so the import's hot path carries no trigger; the rarer changes
 * (a quantity corrected, a consent withdrawn) are caught by temporary triggers, which live on this connection
 * only and never touch the database file's schema. Writes rolled back leave no trace either.
 */
export function watchClientHistories(db: Db): HistoryWatch {
  const lastInteraction = db.prepare('SELECT coalesce(max(id), 0) FROM interactions').pluck().get() as number;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS atelier_changed_clients (client_id INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM temp.atelier_changed_clients');
  db.exec(
    'DROP TRIGGER IF EXISTS temp.atelier_history_quantity; DROP TRIGGER IF EXISTS temp.atelier_history_delete;' +
      ' DROP TRIGGER IF EXISTS temp.atelier_history_consent;',
  );
  for (const trigger of watchTriggers) db.exec(trigger);
  let stopped = false;
  return {
    changedClients() {
      return db
        .prepare(
          `SELECT client_id FROM interactions WHERE id > ?
           UNION SELECT client_id FROM temp.atelier_changed_clients ORDER BY 1`,
        )
        .pluck()
        .all(lastInteraction) as number[];
    },
    stop() {
      if (stopped || !db.open) return;
      stopped = true;
      db.exec(
        'DROP TRIGGER IF EXISTS temp.atelier_history_quantity; DROP TRIGGER IF EXISTS temp.atelier_history_delete;' +
          ' DROP TRIGGER IF EXISTS temp.atelier_history_consent; DROP TABLE IF EXISTS temp.atelier_changed_clients;',
      );
    },
  };
}
