import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import {
  clientMentions,
  clientOfRequest,
  compactAfterErasure,
  deleteClientRows,
  derivedRowCounts,
  forgetClientHistory,
  logErasure,
  scrubClientEvidence,
  withSecureDelete,
  type FileCompaction,
} from '../db/clients/erase.js';
import { runningOptimizeRun } from '../db/runs/engine-store.js';
import { CoreError } from '../domain/errors.js';
import { logger } from '../log.js';
import { updateClients } from '../runs/refresh.js';
import { clientHistoryHashes } from './history-hashes.js';

const log = logger('erasure');

/**
 * Erasure on request (GDPR art. 17): the client and every row about her go, derived ones included, and the
 * clients whose neighbour lists named her are recomputed without her by the engine's incremental update, all
 * in one transaction (a failure anywhere leaves the book as it was). secure_delete is on throughout, so what
 * SQLite deletes is overwritten; once committed, the file is rebuilt and its write-ahead log emptied, so her
 * bytes leave the file. The erasure log keeps only when and by whom. core/db/clients/erase.ts has the tables.
 */

export interface EraseOptions {
  readonly clock: Clock;
  /** Who erased her: the associate's name, null when nobody was chosen. */
  readonly by: string | null;
  readonly via: 'cli' | 'app';
}

/** How the neighbours who named her were brought up to date. */
export interface NeighbourRefresh {
  /**
   * refreshed: the last completed run's rows recomputed by the incremental update; no-run: there is no
   * completed run; catalog-changed / failed: the update could not run, so her id was taken out of the run's
   * rows as they stand, and the next optimize run recomputes them.
   */
  readonly status: 'refreshed' | 'no-run' | 'catalog-changed' | 'failed';
  readonly runId: number | null;
  /** Clients whose interests, neighbours, group interests and recommendations were rewritten. */
  readonly clientsRecomputed: number;
  readonly neighbourListsChanged: number;
  /** Other clients' rows whose evidence still named her (a run the update did not cover), edited in place. */
  readonly rowsScrubbed: number;
  readonly message: string;
}

export interface ClientErasure {
  /** Her client number: the caller named her by it, and it is no longer in the book. */
  readonly externalId: string;
  /** Rows removed, per table. */
  readonly removed: Readonly<Record<string, number>>;
  readonly neighbours: NeighbourRefresh;
  readonly file: FileCompaction;
  /** The erasure log's new row. */
  readonly logId: number;
  readonly ms: number;
  /** Things the associate should know (a run in progress elsewhere, a log another reader holds). */
  readonly warnings: readonly string[];
}

/** Her id was still cited after the erasure: a state the code does not expect, so nothing is committed. */
export class ErasureIncompleteError extends CoreError<'erasure-incomplete'> {
  constructor(rows: number) {
    super(
      'erasure-incomplete',
      'internal',
      `${rows} rows still cited the client after her erasure; nothing was changed`,
    );
  }
}

function refreshNeighbours(db: Db, clientId: number): Omit<NeighbourRefresh, 'rowsScrubbed'> {
  try {
    const update = updateClients(db, [clientId]);
    const facts = {
      runId: update.runId,
      clientsRecomputed: update.updated.filter((id) => id !== clientId).length,
      neighbourListsChanged: update.neighbourListsChanged,
    };
    switch (update.skipped) {
      case null:
        return {
          status: 'refreshed',
          ...facts,
          message: `recomputed the interests, neighbours and recommendations of ${facts.clientsRecomputed} clients in optimize run ${update.runId}`,
        };
      case 'no-completed-run':
        return { status: 'no-run', ...facts, message: 'no optimize run yet: nothing derived to recompute' };
      case 'catalog-changed':
        return {
          status: 'catalog-changed',
          ...facts,
          message: `the catalog changed since optimize run ${update.runId}: her id was taken out of its rows; run optimize to recompute them`,
        };
      default:
        return update.skipped satisfies never;
    }
  } catch (error) {
    // The update rolled its own savepoint back; the erasure goes on, and the run's rows lose her id in place.
    const reason = error instanceof Error ? error.message : String(error);
    log.warn('incremental update failed during an erasure', { reason });
    return {
      status: 'failed',
      runId: null,
      clientsRecomputed: 0,
      neighbourListsChanged: 0,
      message: `the incremental update failed (${reason}): her id was taken out of the run's rows; run optimize to recompute them`,
    };
  }
}

/**
 * Erases one client, named by row id or by client number. An unknown client throws before anything is
 * written; any failure inside rolls the whole erasure back.
 */
export function eraseClient(db: Db, ref: string | number, options: EraseOptions): ClientErasure {
  const started = performance.now();
  const warnings: string[] = [];
  if (runningOptimizeRun(db) !== null)
    warnings.push(
      'an optimize run is in progress: it read the book before the erasure and will fail when it writes her rows; run optimize again after it',
    );
  const done = withSecureDelete(db, () =>
    db
      .transaction(() => {
        const client = clientOfRequest(db, ref);
        const hashes = clientHistoryHashes(db, client.id);
        const derived = derivedRowCounts(db, client.id);
        const interactions = forgetClientHistory(db, client.id);
        const refresh = refreshNeighbours(db, client.id);
        const rowsScrubbed = scrubClientEvidence(db, client.id);
        const removed = deleteClientRows(db, client.id, hashes);
        for (const [table, n] of Object.entries({ ...derived, interactions }))
          // Emptied by the update, or deleted above when it did not run: counted once either way.
          if (n > 0) removed[table] = Math.max(removed[table] ?? 0, n);
        const left = clientMentions(db, client.id);
        if (left > 0) throw new ErasureIncompleteError(left);
        const logId = logErasure(db, {
          erasedAt: options.clock.now().toISOString(),
          erasedBy: options.by?.trim() || null,
          via: options.via,
        });
        return { externalId: client.externalId, removed, neighbours: { ...refresh, rowsScrubbed }, logId };
      })
      .immediate(),
  );
  const file = compactAfterErasure(db);
  if (!file.vacuumed || !file.walEmptied)
    warnings.push(
      'another connection holds the book open, so older copies of her rows may stay in the file until it is ' +
        'rebuilt: close the app, then run `atelier client compact --db FILE`',
    );
  return { ...done, file, warnings, ms: Math.round(performance.now() - started) };
}
