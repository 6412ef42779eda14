import type { CsrBuilder } from './sparse.js';
import { Accumulator, TopK, type Csr } from './sparse.js';
import { pushUnitTop } from './profiles.js';

/**
 * Stage 2b: group implicit interests. A client's group vector is the similarity-weighted mean of the
 * neighbours' explicit interests; in the alternating rounds it is blended (`feedback`) with the features of
 * what those neighbours are now predicted to want (their fused candidates), so each client's individual model
 * refines the group model of everyone who counts them as a neighbour.
 */

/** Features of each client's candidate items (client x feature, unit rows). */
export function candidateFeatures(
  candidates: Csr,
  items: Csr,
  from: number,
  to: number,
  scratch: GroupScratch,
  out: CsrBuilder,
): void {
  const { acc, top } = scratch;
  for (let c = from; c < to; c++) {
    for (let k = candidates.offsets[c]!; k < candidates.offsets[c + 1]!; k++) {
      const item = candidates.cols[k]!;
      const s = candidates.values[k]!;
      for (let p = items.offsets[item]!; p < items.offsets[item + 1]!; p++)
        acc.add(items.cols[p]!, s * items.values[p]!);
    }
    pushUnitTop(acc, top, out);
    acc.clear();
    out.endRow();
  }
}

export interface GroupScratch {
  readonly acc: Accumulator;
  readonly top: TopK;
}

export function groupScratch(featureCount: number, profileFeatures: number): GroupScratch {
  return { acc: new Accumulator(featureCount), top: new TopK(profileFeatures) };
}

/**
 * Group vectors of clients [from, to): unit(sum_v a_uv ((1 - feedback) E_v + feedback P_v)), where a_uv are
 * the neighbour similarities normalised to sum 1 and P the neighbours' candidate features (null in round 0).
 */
export function groupBatch(
  graph: Csr,
  explicit: Csr,
  predicted: Csr | null,
  feedback: number,
  from: number,
  to: number,
  scratch: GroupScratch,
  out: CsrBuilder,
): void {
  const { acc, top } = scratch;
  const own = predicted === null ? 1 : 1 - feedback;
  for (let u = from; u < to; u++) {
    let total = 0;
    for (let k = graph.offsets[u]!; k < graph.offsets[u + 1]!; k++) total += graph.values[k]!;
    if (total > 0) {
      for (let k = graph.offsets[u]!; k < graph.offsets[u + 1]!; k++) {
        const v = graph.cols[k]!;
        const a = graph.values[k]! / total;
        addRow(acc, explicit, v, a * own);
        if (predicted !== null && feedback > 0) addRow(acc, predicted, v, a * feedback);
      }
    }
    pushUnitTop(acc, top, out);
    acc.clear();
    out.endRow();
  }
}

function addRow(acc: Accumulator, m: Csr, row: number, scale: number): void {
  for (let k = m.offsets[row]!; k < m.offsets[row + 1]!; k++) acc.add(m.cols[k]!, scale * m.values[k]!);
}
