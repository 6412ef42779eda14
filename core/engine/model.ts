import type { EngineInput, EngineParams } from './types.js';
import { hashKeys, type Csr } from './sparse.js';
import type { ItemSpace } from './profiles.js';
import type { Transitions } from './sequence.js';

/** Everything a finished (or in-progress) run knows; the scorer and the result read it. */
export interface EngineModel {
  readonly input: EngineInput;
  readonly params: EngineParams;
  readonly space: ItemSpace;
  /** Signed strength per event. */
  readonly strengths: Float32Array;
  /** Positive items per profiled client, in time order (values: event time). */
  readonly histories: Csr;
  /** client x feature, unit rows (empty for clients who refused profiling). */
  readonly explicit: Csr;
  /** client x client top-k similarities. */
  readonly graph: Csr;
  /** client x feature group vectors, unit rows (latest round). */
  group: Csr;
  readonly transitions: Transitions;
  /** Positive events per item (profiled clients). */
  readonly popularity: Float32Array;
  /** popularity / max popularity. */
  readonly popularityShare: Float32Array;
  /** Tie-break key per item: popularity first, then a fixed hash (never the id's value). */
  readonly itemKey: Float32Array;
  /** Items by itemKey, highest first: the order untouched items rank in. */
  readonly popularOrder: Uint32Array;
  /** client x item, each client's fused top candidates of the latest round (max 1), or null before round 0. */
  candidates: Csr | null;
  /** Per item, 1 when owned items of this kind may be recommended again. */
  readonly rebuyable: Uint8Array;
}

/**
 * Flags the items a client may not be offered: purchased ones (unless re-buyable) and returned ones. Viewed,
 * tried-on or wished-for items stay recommendable: they are what a sales associate follows up on.
 */
export function markOwned(model: EngineModel, client: number, mask: Uint8Array, value: 0 | 1): void {
  const { input, rebuyable } = model;
  for (let e = input.eventOffsets[client]!; e < input.eventOffsets[client + 1]!; e++) {
    const kind = input.eventKind[e]!;
    const item = input.eventItem[e]!;
    // engineKinds: 0 = purchase, 1 = return.
    if (kind === 1 || (kind === 0 && rebuyable[item] !== 1)) mask[item] = value;
  }
}

/** The popularity share, the tie-break keys and the popular order of a model, from its popularity per item. */
export function popularityRanking(
  popularity: Float32Array,
): Pick<EngineModel, 'popularityShare' | 'itemKey' | 'popularOrder'> {
  let maxPop = 0;
  for (let i = 0; i < popularity.length; i++) maxPop = Math.max(maxPop, popularity[i]!);
  const hash = hashKeys(popularity.length);
  const itemKey = popularity.map((p, i) => p + hash[i]!);
  return {
    popularityShare: popularity.map((p) => (maxPop > 0 ? p / maxPop : 0)),
    itemKey,
    popularOrder: Uint32Array.from({ length: popularity.length }, (_, i) => i).sort(
      (a, b) => itemKey[b]! - itemKey[a]!,
    ),
  };
}
