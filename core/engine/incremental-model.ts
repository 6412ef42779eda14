import { z } from 'zod';
import { interactionKinds } from '../domain/catalog.js';
import type { OptimizeRun } from '../db/engine-store.js';
import { defaultConsumableCategories } from './db-load.js';
import { popularityRanking, type EngineModel } from './model.js';
import { buildItemSpace, eventStrengths, explicitProfiles, positiveEvents } from './profiles.js';
import { buildTransitions, popularity, positiveHistories } from './sequence.js';
import { emptyCsr } from './sparse.js';
import { defaultEngineParams, type EngineInput, type EngineParams } from './types.js';

/**
 * What an incremental update keeps from the run it refreshes: the run's parameters (as the run stored them)
 * and the global parts of its model, rebuilt by the very functions the full run uses (profiles.ts,
 * sequence.ts) so nothing here repeats the maths.
 */

const finite = z.number().finite();
const weights = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, finite])) as Record<K, typeof finite>).partial();

/** A run's stored parameters: the engine's own plus the loader's; fields a run did not store keep the defaults. */
const storedParamsSchema = z
  .object({
    neighbours: z.number().int().min(0).max(65_535),
    maxIterations: z.number().int().min(0),
    tolerance: finite,
    batchSize: z.number().int().positive(),
    feedback: finite,
    kindWeights: weights(interactionKinds),
    recencyHalfLifeDays: finite,
    similarityShrinkage: finite,
    commonFeatureShare: finite,
    rebuyConsumables: z.boolean(),
    blend: weights(['explicit', 'group', 'neighbours', 'sequence', 'popular', 'propagated'] as const),
    sequence: weights([
      'window',
      'backward',
      'recentItems',
      'recentDecay',
      'sourceDamping',
      'targetDamping',
    ] as const),
    neighbourItemDecay: finite,
    profileFeatures: z.number().int().positive(),
    candidates: z.number().int().min(0),
    consumableCategories: z.array(z.string()),
  })
  .partial();

export interface RunSettings {
  readonly params: EngineParams;
  readonly consumableCategories: readonly string[];
}

export class RunParamsError extends Error {
  override name = 'RunParamsError';
}

/** The parameters a run was computed with (validated: they are read back from JSON). */
export function runSettings(run: Pick<OptimizeRun, 'id' | 'params'>): RunSettings {
  const parsed = storedParamsSchema.safeParse(run.params);
  if (!parsed.success)
    throw new RunParamsError(
      `optimize run ${run.id} has unreadable parameters (${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}); run optimize again`,
    );
  const { consumableCategories, kindWeights, blend, sequence, ...rest } = parsed.data;
  const d = defaultEngineParams;
  return {
    params: {
      ...d,
      ...rest,
      kindWeights: { ...d.kindWeights, ...kindWeights },
      blend: { ...d.blend, ...blend },
      sequence: { ...d.sequence, ...sequence },
    },
    consumableCategories: consumableCategories ?? defaultConsumableCategories,
  };
}

/**
 * The model's global parts (item space, strengths, histories, explicit interests of every client, sequence
 * transitions, popularity), as `fitEngine` builds them; the similarity graph, the group vectors and the
 * candidates are left empty for the caller to fill for the clients it refreshes.
 */
export function globalModel(input: EngineInput, params: EngineParams): EngineModel {
  const space = buildItemSpace(input, params.commonFeatureShare);
  const strengths = eventStrengths(input, params);
  const positive = positiveEvents(input, params);
  const histories = positiveHistories(input, positive);
  const pop = popularity(input, positive);
  return {
    input,
    params,
    space,
    strengths,
    histories,
    explicit: explicitProfiles(input, params, space, strengths),
    graph: emptyCsr(input.clientCount),
    group: emptyCsr(input.clientCount),
    transitions: buildTransitions(histories, input.itemCount, pop, params.sequence),
    popularity: pop,
    ...popularityRanking(pop),
    candidates: null,
    rebuyable: params.rebuyConsumables ? input.consumable : new Uint8Array(input.itemCount),
  };
}
