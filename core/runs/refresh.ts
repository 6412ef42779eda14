import { z } from 'zod';
import {
  clientsWithNeighbours,
  neighbourListFloors,
  replaceRunClients,
  runNeighbourLists,
  runRecommendationScores,
  unknownClientIds,
  type StoredNeighbourList,
} from '../db/runs/refresh-queries.js';
import { latestCompletedRun, type OptimizeRun } from '../db/runs/engine-store.js';
import type { Db } from '../db/open.js';
import { loadEngineInput, type LoadedBoutique } from './load.js';
import { defaultPersistLimits, RunRowBuilder, type PersistLimits } from './persist.js';
import { candidateFeatures, groupScratch } from '../engine/group.js';
import { globalModel } from '../engine/incremental-model.js';
import { runSettings } from './settings.js';
import type { EngineModel } from '../engine/model.js';
import { groupRows, localRounds, replaceRows, type SparseRow } from '../engine/incremental-rounds.js';
import { makeResult } from '../engine/result.js';
import { SimilarityRows } from '../engine/similarity-rows.js';
import { CsrBuilder, emptyCsr, type Csr } from '../engine/sparse.js';
import type { EngineParams } from '../engine/types.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/**
 * Incremental updates of the last completed optimize run when some clients' histories change (an import, a
 * withdrawn consent): their explicit interests, their neighbours, the neighbour lists they enter or leave,
 * and the group interests and recommendations of everyone whose neighbours changed. The run's global model
 * stays as the run defined it (its stored parameters, its reasoner's item features); core/engine/README.md,
 * "Incremental updates", has the design and its measurements.
 */

export interface UpdateClientsOptions {
  readonly limits?: PersistLimits;
}

export interface ClientsUpdate {
  /** The run whose rows were rewritten; null when there is no completed run (the first optimize covers it). */
  readonly runId: number | null;
  /** Row ids, ascending, of every client whose rows were rewritten. */
  readonly updated: number[];
  /** Clients whose neighbour list changed, the changed clients' own lists included. */
  readonly neighbourListsChanged: number;
  /** Alternating rounds run over the refreshed clients. */
  readonly rounds: number;
  readonly ms: number;
  /** Wall time per stage, ms. */
  readonly stageMs: UpdateStages;
  /** Why nothing was rewritten: no completed run yet, or the catalog's features are no longer the run's. */
  readonly skipped: 'no-completed-run' | 'catalog-changed' | null;
}

export interface UpdateStages {
  /** Reading the boutique (histories, the run's item features). */
  load: number;
  /** The run's global model and every client's explicit interests. */
  model: number;
  /** The changed clients' rows of the similarity graph and the lists they enter or leave. */
  neighbours: number;
  /** Group vectors and the alternating rounds of the refreshed clients. */
  rounds: number;
  /** Their interests, group interests and recommendations with reasons. */
  rows: number;
  write: number;
}

/** A client id that names no client: nothing is written. */
export class UnknownClientError extends CoreError<'unknown-client'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('unknown-client', 'not-found', message, options);
  }
}

/** Similarities are stored to 4 decimals: a stored value is within this of the computed one. */
const storedPrecision = 5e-5;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Refreshes the rows of `clientIds` (database ids) and of every client their change reaches, in the last
 * completed run, in one transaction. Unknown ids throw `UnknownClientError` before anything is read or written.
 */
export function updateClients(
  db: Db,
  clientIds: readonly number[],
  options: UpdateClientsOptions = {},
): ClientsUpdate {
  const started = performance.now();
  const ids = [...new Set(clientIds)];
  const malformed = ids.filter((id) => !Number.isSafeInteger(id) || id <= 0);
  if (malformed.length > 0)
    throw new UnknownClientError(`not a client id: ${malformed.join(', ')}; nothing was updated`);
  return db
    .transaction((): ClientsUpdate => {
      const unknown = unknownClientIds(db, ids);
      if (unknown.length > 0)
        throw new UnknownClientError(
          `unknown client id${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; nothing was updated`,
        );
      const run = latestCompletedRun(db);
      const stageMs: UpdateStages = { load: 0, model: 0, neighbours: 0, rounds: 0, rows: 0, write: 0 };
      let mark = performance.now();
      const lap = (stage: keyof UpdateStages) => {
        const now = performance.now();
        stageMs[stage] += Math.round(now - mark);
        mark = now;
      };
      const done = (partial: Partial<ClientsUpdate>): ClientsUpdate => ({
        runId: run?.id ?? null,
        updated: [],
        neighbourListsChanged: 0,
        rounds: 0,
        skipped: null,
        ...partial,
        ms: Math.round(performance.now() - started),
        stageMs,
      });
      if (run === null) return done({ skipped: 'no-completed-run' });
      if (ids.length === 0) return done({});
      const { params, consumableCategories } = runSettings(run);
      const loaded = loadEngineInput(db, {
        reasoner: run.reasoner,
        now: new Date(run.startedAt),
        consumableCategories,
      });
      lap('load');
      if (catalogChanged(run, loaded)) return done({ skipped: 'catalog-changed' });
      const limits = options.limits ?? defaultPersistLimits;
      const refresh = refreshedRows(db, run, loaded, params, ids, limits, lap);
      replaceRunClients(db, run.id, refresh.rows);
      lap('write');
      return done({
        updated: refresh.rows.map((r) => r.clientId),
        neighbourListsChanged: refresh.neighbourListsChanged,
        rounds: refresh.rounds,
      });
    })
    .immediate();
}

const runMetricsSchema = z.object({
  items: z.number().optional(),
  features: z.number().optional(),
  featureSource: z
    .object({ reasoner: z.string(), reasoningRunId: z.number().nullable() })
    .partial()
    .optional(),
});

/** True when the items or their features are not those the run was computed from (a full run is due). */
function catalogChanged(run: OptimizeRun, loaded: LoadedBoutique): boolean {
  const metrics = runMetricsSchema.safeParse(run.metrics);
  if (!metrics.success) return true;
  const { items, features, featureSource } = metrics.data;
  return (
    (items !== undefined && items !== loaded.input.itemCount) ||
    (features !== undefined && features !== loaded.input.featureNames.length) ||
    (featureSource?.reasoningRunId !== undefined &&
      featureSource.reasoningRunId !== loaded.features.reasoningRunId) ||
    (featureSource?.reasoner !== undefined && featureSource.reasoner !== loaded.features.reasoner)
  );
}

function refreshedRows(
  db: Db,
  run: OptimizeRun,
  loaded: LoadedBoutique,
  params: EngineParams,
  ids: readonly number[],
  limits: PersistLimits,
  lap: (stage: keyof UpdateStages) => void,
) {
  const { input, clients, clientIndex } = loaded;
  const n = input.clientCount;
  const compact = (id: number) => clientIndex.get(id);
  const base = globalModel(input, params);
  let profiled = 0;
  for (let c = 0; c < n; c++) profiled += input.profilingAllowed[c]!;
  const similarity = new SimilarityRows(base.explicit, input.featureNames.length, profiled, params);
  lap('model');

  const changed = ids.map((id) => compact(id)!);
  // Whoever counted a changed client as a neighbour: her rows draw on that client's history.
  const affected = new Set<number>(changed);
  for (const id of clientsWithNeighbours(db, run.id, ids)) {
    const c = compact(id);
    if (c !== undefined) affected.add(c);
  }
  // Whoever a changed client may now enter: her new similarity reaches their k-th (or they have room).
  const reached = new Map<number, number>();
  for (const c of changed) {
    const { clients: others, similarities } = similarity.similarities(c);
    for (let t = 0; t < others.length; t++)
      if (!affected.has(others[t]!))
        reached.set(others[t]!, Math.max(reached.get(others[t]!) ?? 0, similarities[t]!));
  }
  const k = params.neighbours;
  const floors = neighbourListFloors(
    db,
    run.id,
    [...reached.keys()].map((c) => clients[c]!.id),
  );
  const suspects = new Set(affected);
  for (const [c, sim] of reached) {
    const floor = floors.get(clients[c]!.id);
    if (floor === undefined || floor.size < k || sim >= floor.last - storedPrecision) suspects.add(c);
  }
  const stored = runNeighbourLists(
    db,
    run.id,
    [...suspects].map((c) => clients[c]!.id),
  );
  const graphRows = new Map<number, SparseRow>();
  let neighbourListsChanged = 0;
  for (const c of suspects) {
    const row = similarity.neighbours(c);
    if (!sameList(row, stored.get(clients[c]!.id), clients)) {
      neighbourListsChanged++;
      affected.add(c);
    }
    if (affected.has(c)) graphRows.set(c, { cols: row.clients, values: row.similarities });
  }
  lap('neighbours');

  const refreshed = [...affected].sort((a, b) => a - b);
  const model = { ...base, graph: replaceRows(emptyCsr(n), graphRows) };
  model.group = groupRows(model, affected, null);
  const { candidates, rounds } = localRounds(
    model,
    refreshed,
    storedCandidates(db, run, loaded, model.graph, affected),
  );
  if (params.feedback > 0 && candidates !== null)
    model.group = groupRows(model, affected, candidateVectors(model, candidates));
  lap('rounds');
  const builder = new RunRowBuilder(loaded, makeResult(model, [], true, 0), limits);
  const rows = refreshed.map((c) => builder.rowsFor(c));
  lap('rows');
  return { rows, neighbourListsChanged, rounds };
}

/** Whether a recomputed row is the stored list (same neighbours in the same order, same stored similarity). */
function sameList(
  row: { clients: Uint32Array; similarities: Float32Array },
  list: StoredNeighbourList | undefined,
  clients: LoadedBoutique['clients'],
): boolean {
  const size = list?.neighbours.length ?? 0;
  if (row.clients.length !== size) return false;
  for (let t = 0; t < size; t++)
    if (
      clients[row.clients[t]!]!.id !== list!.neighbours[t] ||
      round4(row.similarities[t]!) !== list!.similarities[t]
    )
      return false;
  return true;
}

/**
 * The run's conclusions for the refreshed clients' other neighbours, as candidates: their stored
 * recommendations, scaled to max 1 (the full run's candidates are not stored; its recommendations are the
 * same rounds' output with popularity added).
 */
function storedCandidates(
  db: Db,
  run: OptimizeRun,
  loaded: LoadedBoutique,
  graph: Csr,
  affected: ReadonlySet<number>,
): Csr {
  const wanted = new Set<number>();
  for (const c of affected)
    for (let k = graph.offsets[c]!; k < graph.offsets[c + 1]!; k++)
      if (!affected.has(graph.cols[k]!)) wanted.add(graph.cols[k]!);
  const ids = [...wanted].map((c) => loaded.clients[c]!.id);
  const rows = new Map<number, SparseRow>();
  for (const [clientId, recs] of runRecommendationScores(db, run.id, ids)) {
    const c = loaded.clientIndex.get(clientId)!;
    const cols: number[] = [];
    const values: number[] = [];
    const max = recs.scores[0] ?? 0;
    recs.items.forEach((itemId, r) => {
      const item = loaded.itemIndex.get(itemId);
      if (item !== undefined && max > 0 && recs.scores[r]! > 0) {
        cols.push(item);
        values.push(recs.scores[r]! / max);
      }
    });
    rows.set(c, { cols, values });
  }
  return replaceRows(emptyCsr(loaded.input.clientCount), rows);
}

/** Features of every client's candidates (the group vectors' `feedback` part), as `refineGroup` builds them. */
function candidateVectors(model: EngineModel, candidates: Csr): Csr {
  const { input, params } = model;
  const scratch = groupScratch(input.featureNames.length, params.profileFeatures);
  const out = new CsrBuilder(input.clientCount);
  candidateFeatures(candidates, model.space.items, 0, input.clientCount, scratch, out);
  return out.build();
}
