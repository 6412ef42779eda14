import type { EngineInput } from '../engine/types.js';
import { Accumulator, TopK, type Csr } from '../engine/sparse.js';

/**
 * The classical item-kNN baseline (Sarwar et al. / Deshpande & Karypis): item-item cosine over the sets of
 * users who bought each item, shrunk by `shrinkage`, top `neighbours` per item; a user's score for an item is
 * the similarity-weighted sum over her history, each older item counting `decay` less than the next. It sees
 * exactly the training histories the engine sees.
 */
export interface ItemKnnOptions {
  readonly neighbours: number;
  readonly shrinkage: number;
  readonly decay: number;
}

export const defaultItemKnnOptions: ItemKnnOptions = { neighbours: 100, shrinkage: 5, decay: 0.8 };

export interface ItemKnn {
  readonly similar: Csr;
  readonly options: ItemKnnOptions;
}

export function buildItemKnn(input: EngineInput, options: ItemKnnOptions = defaultItemKnnOptions): ItemKnn {
  const { clientCount, itemCount, eventOffsets, eventItem } = input;
  // item -> users, distinct per user.
  const counts = new Uint32Array(itemCount + 1);
  const stamp = new Int32Array(itemCount).fill(-1);
  for (let u = 0; u < clientCount; u++)
    for (let e = eventOffsets[u]!; e < eventOffsets[u + 1]!; e++) {
      const i = eventItem[e]!;
      if (stamp[i] === u) continue;
      stamp[i] = u;
      counts[i + 1]!++;
    }
  const buyers = counts.slice(1);
  for (let i = 0; i < itemCount; i++) counts[i + 1]! += counts[i]!;
  const users = new Uint32Array(counts[itemCount]!);
  const fill = counts.slice(0, itemCount);
  stamp.fill(-1);
  for (let u = 0; u < clientCount; u++)
    for (let e = eventOffsets[u]!; e < eventOffsets[u + 1]!; e++) {
      const i = eventItem[e]!;
      if (stamp[i] === u) continue;
      stamp[i] = u;
      users[fill[i]!++] = u;
    }

  const acc = new Accumulator(itemCount);
  const top = new TopK(options.neighbours);
  const offsets = new Uint32Array(itemCount + 1);
  const cols: number[] = [];
  const values: number[] = [];
  stamp.fill(-1);
  for (let i = 0; i < itemCount; i++) {
    for (let p = counts[i]!; p < counts[i + 1]!; p++) {
      const u = users[p]!;
      for (let e = eventOffsets[u]!; e < eventOffsets[u + 1]!; e++) {
        const j = eventItem[e]!;
        if (j === i || stamp[j] === u) continue;
        stamp[j] = u;
        acc.add(j, 1);
      }
      // Reset this user's stamps so the next item's pass sees them fresh.
      for (let e = eventOffsets[u]!; e < eventOffsets[u + 1]!; e++) stamp[eventItem[e]!] = -1;
    }
    top.reset();
    const bi = Math.sqrt(buyers[i]!);
    for (let k = 0; k < acc.count; k++) {
      const j = acc.touched[k]!;
      top.offer(j, acc.values[j]! / (bi * Math.sqrt(buyers[j]!) + options.shrinkage));
    }
    acc.clear();
    const { slots, scores } = top.drain();
    for (let r = 0; r < slots.length; r++) {
      cols.push(slots[r]!);
      values.push(scores[r]!);
    }
    offsets[i + 1] = cols.length;
  }
  return {
    similar: { rows: itemCount, offsets, cols: Uint32Array.from(cols), values: Float32Array.from(values) },
    options,
  };
}

/** Scores every item for one user into `acc` (cleared first). */
export function scoreItemKnn(knn: ItemKnn, input: EngineInput, user: number, acc: Accumulator): void {
  acc.clear();
  const { offsets, cols, values } = knn.similar;
  let weight = 1;
  for (let e = input.eventOffsets[user + 1]! - 1; e >= input.eventOffsets[user]!; e--) {
    const j = input.eventItem[e]!;
    for (let k = offsets[j]!; k < offsets[j + 1]!; k++) acc.add(cols[k]!, weight * values[k]!);
    weight *= knn.options.decay;
  }
}
