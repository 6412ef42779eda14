import type { EngineInput, SequenceParams } from './types.js';
import { Accumulator, type Csr } from './sparse.js';

/**
 * The sequence signal: what usually follows what. For every profiled client's time-ordered positive events,
 * each later item within `window` positions of an earlier one adds 1/gap to earlier -> later and
 * `backward`/gap to later -> earlier. Rows are then damped by their total (a hub item does not drown a rare
 * one) and columns by popularity (specific successors over bestsellers). Raw forward counts are kept for the
 * reasons ("usually follows X": how many times).
 */

export interface Transitions {
  /** item x item, damped weights. */
  readonly weights: Csr;
  /** Parallel to weights.values: how many times the column item directly followed the row item. */
  readonly follows: Float32Array;
}

/** Positive events of profiled clients, per item. */
export function popularity(input: EngineInput, positive: Uint8Array): Float32Array {
  const pop = new Float32Array(input.itemCount);
  for (let c = 0; c < input.clientCount; c++) {
    if (input.profilingAllowed[c] !== 1) continue;
    for (let e = input.eventOffsets[c]!; e < input.eventOffsets[c + 1]!; e++)
      if (positive[e] === 1) pop[input.eventItem[e]!]!++;
  }
  return pop;
}

/** Each profiled client's positive items in time order (what sequences and neighbours' evidence use). */
export function positiveHistories(input: EngineInput, positive: Uint8Array): Csr {
  const offsets = new Uint32Array(input.clientCount + 1);
  let n = 0;
  for (let c = 0; c < input.clientCount; c++) {
    if (input.profilingAllowed[c] === 1)
      for (let e = input.eventOffsets[c]!; e < input.eventOffsets[c + 1]!; e++) if (positive[e] === 1) n++;
    offsets[c + 1] = n;
  }
  const cols = new Uint32Array(n);
  const values = new Float32Array(n);
  let at = 0;
  for (let c = 0; c < input.clientCount; c++) {
    if (input.profilingAllowed[c] !== 1) continue;
    for (let e = input.eventOffsets[c]!; e < input.eventOffsets[c + 1]!; e++) {
      if (positive[e] !== 1) continue;
      cols[at] = input.eventItem[e]!;
      values[at++] = input.eventTime[e]!;
    }
  }
  return { rows: input.clientCount, offsets, cols, values };
}

export function buildTransitions(
  histories: Csr,
  itemCount: number,
  pop: Float32Array,
  params: SequenceParams,
): Transitions {
  const window = Math.max(1, Math.floor(params.window));
  // Pass 1: how many (source, target) pairs each source row receives, to size the flat pair arrays.
  const pairCount = new Uint32Array(itemCount + 1);
  const { offsets, cols } = histories;
  for (let c = 0; c < histories.rows; c++) {
    const from = offsets[c]!;
    const to = offsets[c + 1]!;
    for (let a = from; a < to; a++)
      for (let b = a + 1; b < Math.min(to, a + 1 + window); b++) {
        pairCount[cols[a]! + 1]!++;
        pairCount[cols[b]! + 1]!++;
      }
  }
  for (let i = 0; i < itemCount; i++) pairCount[i + 1]! += pairCount[i]!;
  const fill = pairCount.slice(0, itemCount);
  const target = new Uint32Array(pairCount[itemCount]!);
  const weight = new Float32Array(target.length);
  const forward = new Uint8Array(target.length);
  for (let c = 0; c < histories.rows; c++) {
    const from = offsets[c]!;
    const to = offsets[c + 1]!;
    for (let a = from; a < to; a++)
      for (let b = a + 1; b < Math.min(to, a + 1 + window); b++) {
        const gap = b - a;
        const ia = cols[a]!;
        const ib = cols[b]!;
        let at = fill[ia]!++;
        target[at] = ib;
        weight[at] = 1 / gap;
        forward[at] = gap === 1 ? 1 : 0;
        at = fill[ib]!++;
        target[at] = ia;
        weight[at] = params.backward / gap;
      }
  }
  // Pass 2: merge duplicates per source row with a dense accumulator, then damp.
  const acc = new Accumulator(itemCount);
  const counts = new Float32Array(itemCount);
  const rowOffsets = new Uint32Array(itemCount + 1);
  const rowCols: number[] = [];
  const rowValues: number[] = [];
  const rowFollows: number[] = [];
  const colDamp = new Float32Array(itemCount);
  for (let i = 0; i < itemCount; i++) colDamp[i] = Math.pow(pop[i]! + 1, -params.targetDamping);
  for (let i = 0; i < itemCount; i++) {
    let total = 0;
    for (let p = pairCount[i]!; p < pairCount[i + 1]!; p++) {
      const j = target[p]!;
      if (j === i) continue;
      acc.add(j, weight[p]!);
      counts[j]! += forward[p]!;
      total += weight[p]!;
    }
    const rowDamp = Math.pow(total + 1, -params.sourceDamping);
    for (let t = 0; t < acc.count; t++) {
      const j = acc.touched[t]!;
      rowCols.push(j);
      rowValues.push(acc.values[j]! * rowDamp * colDamp[j]!);
      rowFollows.push(counts[j]!);
      counts[j] = 0;
    }
    acc.clear();
    rowOffsets[i + 1] = rowCols.length;
  }
  return {
    weights: {
      rows: itemCount,
      offsets: rowOffsets,
      cols: Uint32Array.from(rowCols),
      values: Float32Array.from(rowValues),
    },
    follows: Float32Array.from(rowFollows),
  };
}
