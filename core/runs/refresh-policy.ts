import { z } from 'zod';
import { latestCompletedRun, type OptimizeRun } from '../db/runs/engine-store.js';
import type { Db } from '../db/open.js';
import { logger } from '../log.js';
import { updateClients } from './refresh.js';
import { runSettings } from './settings.js';
import { defaultEngineParams } from '../engine/types.js';

const log = logger('engine-refresh');

/**
 * After an import has committed: refreshes the last optimize run for the clients whose history it changed,
 * when they are few enough for an incremental update to beat a full run; otherwise says a full run is due.
 */

/** Above this many changed clients an import leaves the refresh to the next optimize run (at most). */
export const defaultRefreshLimit = 200;

const runClientsSchema = z.object({ clients: z.number().int().positive() });

/**
 * The limit for a run when none is given: an update rewrites about k clients per changed client (whoever counts
 * her among her k neighbours), so past clients / k changed clients it rewrites nearly the whole clientele and a
 * full run costs as much while being exact (measured on the demo boutique: core/engine/README.md).
 */
export function refreshLimitFor(run: OptimizeRun): number {
  const clients = runClientsSchema.safeParse(run.metrics);
  if (!clients.success) return defaultRefreshLimit;
  let k = defaultEngineParams.neighbours;
  try {
    k = runSettings(run).params.neighbours;
  } catch {
    // Unreadable parameters: the update itself will say so.
  }
  return Math.max(1, Math.min(defaultRefreshLimit, Math.floor(clients.data.clients / Math.max(1, k))));
}

export type EngineRefreshStatus =
  'refreshed' | 'unchanged' | 'no-run' | 'too-many' | 'catalog-changed' | 'failed';

export interface EngineRefresh {
  readonly status: EngineRefreshStatus;
  /** Clients whose interactions or profiling consent the import changed. */
  readonly changedClients: number;
  /** The run refreshed (or that a full run should replace); null before the first optimize run. */
  readonly runId: number | null;
  /** Clients whose interests, neighbours, group interests and recommendations were rewritten. */
  readonly refreshedClients: number;
  readonly neighbourListsChanged: number;
  readonly ms: number;
  /** One sentence for the associate; empty when the import changed no client's history. */
  readonly message: string;
}

const clientsText = (n: number) => `${n} client${n === 1 ? '' : 's'}`;

export function refreshChangedClients(
  db: Db,
  clientIds: readonly number[],
  options: { readonly limit?: number } = {},
): EngineRefresh {
  const changed = clientIds.length;
  const outcome = (
    status: EngineRefreshStatus,
    message: string,
    rest: Partial<EngineRefresh> = {},
  ): EngineRefresh => ({
    status,
    changedClients: changed,
    runId: null,
    refreshedClients: 0,
    neighbourListsChanged: 0,
    ms: 0,
    message,
    ...rest,
  });
  if (changed === 0) return outcome('unchanged', '');
  const noRun = `${clientsText(changed)} changed; run optimize to compute interests and recommendations`;
  const run = latestCompletedRun(db);
  if (run === null) return outcome('no-run', noRun);
  const limit = options.limit ?? refreshLimitFor(run);
  if (changed > limit)
    return outcome(
      'too-many',
      `${clientsText(changed)} changed (more than ${limit} for an incremental update); run optimize to refresh their interests and recommendations`,
      { runId: run.id },
    );
  try {
    const update = updateClients(db, clientIds);
    const facts = { runId: update.runId, ms: update.ms };
    switch (update.skipped) {
      case 'no-completed-run':
        return outcome('no-run', noRun, facts);
      case 'catalog-changed':
        return outcome(
          'catalog-changed',
          `${clientsText(changed)} changed and the catalog changed since optimize run ${update.runId}; run optimize to refresh`,
          facts,
        );
      case null:
        return outcome(
          'refreshed',
          `${clientsText(changed)} changed: refreshed the interests, neighbours and recommendations of ${clientsText(update.updated.length)} in optimize run ${update.runId} (${update.ms} ms)`,
          {
            ...facts,
            refreshedClients: update.updated.length,
            neighbourListsChanged: update.neighbourListsChanged,
          },
        );
      default:
        return update.skipped satisfies never;
    }
  } catch (error) {
    // The import itself has committed: a refresh that cannot run is reported, and the next optimize covers it.
    const reason = error instanceof Error ? error.message : String(error);
    log.warn('incremental refresh failed', { reason });
    return outcome(
      'failed',
      `${clientsText(changed)} changed; the incremental refresh failed (${reason}); run optimize to refresh`,
      { runId: run.id },
    );
  }
}
