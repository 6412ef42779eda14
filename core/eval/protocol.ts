import type { EngineInput } from '../engine/types.js';
import type { EvalDataset } from './dataset.js';
import type { ItemFeatureTable } from './item-features.js';

const day = 86_400_000;

/**
 * Leave-one-out by time. `holdOut` 2: training = everything before the validation item, target = the
 * validation item. `holdOut` 1: training = everything before the test item (the validation item appended),
 * target = the test item. Every user's held-out items are absent from the engine input, so nothing the engine
 * computes (profiles, neighbours, transitions, popularity) has seen them. Sequences carry no dates: an event's
 * time is its position, one day apart.
 */
export interface Phase {
  readonly input: EngineInput;
  readonly targets: Uint32Array;
}

export function phaseInput(dataset: EvalDataset, features: ItemFeatureTable, holdOut: 1 | 2): Phase {
  const users = dataset.sequences.length;
  const eventOffsets = new Uint32Array(users + 1);
  for (let u = 0; u < users; u++)
    eventOffsets[u + 1] = eventOffsets[u]! + dataset.sequences[u]!.length - holdOut;
  const events = eventOffsets[users]!;
  const eventItem = new Uint32Array(events);
  const eventTime = new Float64Array(events);
  const targets = new Uint32Array(users);
  let latest = 0;
  for (let u = 0; u < users; u++) {
    const sequence = dataset.sequences[u]!;
    const from = eventOffsets[u]!;
    const length = sequence.length - holdOut;
    for (let p = 0; p < length; p++) {
      eventItem[from + p] = sequence[p]!;
      eventTime[from + p] = p * day;
    }
    latest = Math.max(latest, (length - 1) * day);
    targets[u] = sequence[length]!;
  }
  const input: EngineInput = {
    clientCount: users,
    itemCount: dataset.itemIds.length,
    eventOffsets,
    eventItem,
    eventKind: new Uint8Array(events), // every review is a purchase
    eventWeight: new Float32Array(events).fill(1),
    eventTime,
    featureOffsets: features.offsets,
    featureIds: features.ids,
    featureWeights: features.weights,
    featureNames: features.names,
    featureFacets: features.facets,
    profilingAllowed: new Uint8Array(users).fill(1),
    consumable: new Uint8Array(dataset.itemIds.length),
    now: latest,
  };
  return { input, targets };
}
