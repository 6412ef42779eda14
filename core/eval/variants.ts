import { tuneBlend, type SourceCache, type TuneOptions } from './tune.js';

/** The methods the evaluation tunes on validation: ISRF's parts alone, then combined without the rounds. */

export interface Variant {
  readonly name: string;
  readonly description: string;
  readonly tune: TuneOptions;
  readonly ablation: boolean;
  /** The variant whose tuned weights start this one's search. */
  readonly startFrom?: string;
}

export const variants: readonly Variant[] = [
  {
    name: 'sequence only',
    description: 'what follows the latest items (the sequence-aware item-kNN signal alone)',
    tune: { sources: ['sequence', 'popular'], fixed: { sequence: 1 } },
    ablation: true,
  },
  {
    name: 'explicit only',
    description: "the client's explicit interests x item features (stage 1)",
    tune: { sources: ['explicit', 'popular'], fixed: { explicit: 1 } },
    ablation: true,
  },
  {
    name: 'group only',
    description: "neighbours' items and group implicit interests (stage 2)",
    tune: { sources: ['neighbours', 'group', 'popular'], fixed: { neighbours: 1 } },
    ablation: true,
  },
  {
    name: 'individual',
    description: 'sequence + explicit interests (no group)',
    tune: { sources: ['sequence', 'explicit', 'popular'], fixed: { sequence: 1 } },
    ablation: true,
  },
  {
    name: 'ISRF without iteration',
    description: 'individual + group, one pass (stages 1-2)',
    tune: { sources: ['sequence', 'explicit', 'group', 'neighbours', 'popular'], fixed: { sequence: 1 } },
    ablation: false,
    startFrom: 'individual',
  },
];

export type TunedBlend = ReturnType<typeof tuneBlend>;

/**
 * Every variant tuned on the validation cache (cheap, and the combined ones start from their parts); ablations
 * only change which are ranked on test and reported. Each combined method starts its search from its best
 * part, so adding a source never loses on validation.
 */
export function tuneVariants(cache: SourceCache): Map<string, TunedBlend> {
  const tuned = new Map<string, TunedBlend>();
  for (const v of variants) {
    const from = v.startFrom !== undefined ? tuned.get(v.startFrom)?.blend : undefined;
    tuned.set(v.name, tuneBlend(cache, from !== undefined ? { ...v.tune, start: from } : v.tune));
  }
  return tuned;
}
