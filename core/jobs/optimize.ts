import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { systemClock, type Clock } from '../clock.js';
import {
  abandonInterruptedRuns,
  completeOptimizeRun,
  endOptimizeRun,
  runRowCounts,
  setRunProgress,
  startOptimizeRun,
  writeClientRows,
  type ClientRunRows,
} from '../db/runs/engine-store.js';
import type { Db } from '../db/open.js';
import { logger } from '../log.js';
import type { ReasonerKind } from '../domain/reasoners.js';
import { loadEngineInput, type FeatureProvenance } from '../runs/load.js';
import { defaultConsumableCategories } from '../domain/catalog.js';
import { defaultPersistLimits, RunRowBuilder, type PersistLimits } from '../runs/persist.js';
import {
  defaultEngineParams,
  type EngineParams,
  type EngineProgress,
  type IterationLog,
  type RunEngine,
} from '../engine/types.js';

const log = logger('optimize');

export interface OptimizeProgress {
  readonly step: 'load' | EngineProgress['step'] | 'save';
  readonly done: number;
  readonly total: number;
}

export interface OptimizeOptions {
  readonly reasoner?: ReasonerKind;
  /** Overrides of the engine's defaults (k neighbours, iterations...). */
  readonly params?: Partial<EngineParams>;
  readonly consumableCategories?: readonly string[];
  readonly limits?: PersistLimits;
  /** Clients written per transaction: readers are never blocked for long, and progress moves. */
  readonly writeBatch?: number;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: OptimizeProgress) => void;
  readonly onIteration?: (log: IterationLog) => void;
}

/** What the CLI and the app let an associate choose for a run, as engine parameters and loader options. */
export interface OptimizeChoices {
  readonly neighbours?: number | undefined;
  readonly iterations?: number | undefined;
  /** Categories bought again when used up: their items may be recommended to clients who own them. */
  readonly rebuy?: readonly string[] | undefined;
}

export function optimizeSettings(
  choices: OptimizeChoices,
): Pick<OptimizeOptions, 'params' | 'consumableCategories'> {
  return {
    params: {
      ...(choices.neighbours !== undefined ? { neighbours: choices.neighbours } : {}),
      ...(choices.iterations !== undefined ? { maxIterations: choices.iterations } : {}),
      ...(choices.rebuy !== undefined ? { rebuyConsumables: true } : {}),
    },
    ...(choices.rebuy !== undefined ? { consumableCategories: choices.rebuy } : {}),
  };
}

export interface OptimizeOutcome {
  readonly runId: number;
  readonly iterations: readonly IterationLog[];
  readonly converged: boolean;
  readonly durationMs: number;
  readonly clients: number;
  readonly items: number;
  readonly features: FeatureProvenance;
  readonly rows: Readonly<Record<string, number>>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One optimize run over the boutique: load, run the engine, store every client's interests, neighbours, group
 * interests and recommendations under a new run, then make it the run readers see in one final transaction.
 * Aborting (the signal) or failing at any point leaves the previous completed run as it was.
 */
export async function optimizeBoutique(
  db: Db,
  runEngine: RunEngine,
  options: OptimizeOptions = {},
): Promise<OptimizeOutcome> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const startedMs = performance.now();
  const abandoned = abandonInterruptedRuns(db, started.toISOString());
  if (abandoned > 0) log.warn(`marked ${abandoned} interrupted optimize run(s) as failed`);
  options.signal?.throwIfAborted();

  options.onProgress?.({ step: 'load', done: 0, total: 1 });
  const consumableCategories = options.consumableCategories ?? defaultConsumableCategories;
  const loaded = loadEngineInput(db, {
    reasoner: options.reasoner ?? 'rules',
    now: started,
    consumableCategories,
  });
  const loadMs = performance.now() - startedMs;
  options.onProgress?.({ step: 'load', done: 1, total: 1 });
  const params: EngineParams = { ...defaultEngineParams, ...options.params };
  const { input, features } = loaded;

  const runId = startOptimizeRun(db, {
    reasoner: features.reasoner,
    model: features.model,
    promptVersion: features.promptVersion,
    params: { ...params, requestedReasoner: options.reasoner ?? 'rules', consumableCategories },
    startedAt: started.toISOString(),
    progressTotal: input.clientCount,
  });
  try {
    const result = await runEngine(input, params, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => options.onProgress?.(p),
      onIteration: (it) => options.onIteration?.(it),
    });
    const engineMs = performance.now() - startedMs - loadMs;

    const builder = new RunRowBuilder(loaded, result, options.limits ?? defaultPersistLimits);
    const batchSize = Math.max(1, options.writeBatch ?? 200);
    for (let from = 0; from < input.clientCount; from += batchSize) {
      options.signal?.throwIfAborted();
      const batch: ClientRunRows[] = [];
      for (let c = from; c < Math.min(input.clientCount, from + batchSize); c++)
        batch.push(builder.rowsFor(c));
      writeClientRows(db, runId, batch);
      const done = Math.min(input.clientCount, from + batchSize);
      setRunProgress(db, runId, done, input.clientCount);
      options.onProgress?.({ step: 'save', done, total: input.clientCount });
      // Let the UI's reads and a cancel request in between batches.
      await yieldToEventLoop();
    }
    options.signal?.throwIfAborted();

    const rows = runRowCounts(db, runId);
    const durationMs = Math.round(performance.now() - startedMs);
    let profiled = 0;
    for (const allowed of input.profilingAllowed) profiled += allowed;
    completeOptimizeRun(db, runId, {
      metrics: {
        iterations: result.iterations,
        converged: result.converged,
        clients: input.clientCount,
        profiledClients: profiled,
        items: input.itemCount,
        events: input.eventItem.length,
        features: result.featureCount,
        featureSource: features,
        rows,
        loadMs: Math.round(loadMs),
        engineMs: Math.round(engineMs),
        saveMs: Math.round(durationMs - loadMs - engineMs),
      },
      finishedAt: clock.now().toISOString(),
      durationMs,
    });
    return {
      runId,
      iterations: result.iterations,
      converged: result.converged,
      durationMs,
      clients: input.clientCount,
      items: input.itemCount,
      features,
      rows,
    };
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    endOptimizeRun(db, runId, {
      status: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? 'cancelled' : errorText(error),
      finishedAt: clock.now().toISOString(),
      durationMs: Math.round(performance.now() - startedMs),
    });
    throw error;
  }
}
