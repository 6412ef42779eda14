import { z } from 'zod';
import { defaultConsumableCategories, interactionKinds } from '../domain/catalog.js';
import type { OptimizeRun } from '../db/runs/engine-store.js';
import { defaultEngineParams, type EngineParams } from '../engine/types.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/** What a stored run was computed with: its parameters as the run stored them, read back and validated. */

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
    recentPurchaseDays: z.number().finite().min(0),
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

export class RunParamsError extends CoreError<'unreadable-run-params'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('unreadable-run-params', 'internal', message, options);
  }
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
