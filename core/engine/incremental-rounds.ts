import { groupBatch, groupScratch } from './group.js';
import { candidateChange, staticPart } from './iterate.js';
import type { EngineModel } from './model.js';
import { Scorer } from './scorer.js';
import { CsrBuilder, type Csr } from './sparse.js';

/**
 * Stages 2b and 3 for the clients an incremental update refreshes: their group vectors and the alternating
 * rounds, run over those clients only. Everyone else's candidates stay what the run concluded for them
 * (`others`): a refreshed client's neighbours who were not refreshed keep their predictions, and the refreshed
 * ones move each other round by round, as in the full rounds.
 */

export interface SparseRow {
  readonly cols: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** `base` with the rows of some clients replaced. */
export function replaceRows(base: Csr, rows: ReadonlyMap<number, SparseRow>): Csr {
  let size = base.cols.length;
  for (const [c, row] of rows) size += row.cols.length - (base.offsets[c + 1]! - base.offsets[c]!);
  const out = new CsrBuilder(base.rows, size);
  for (let c = 0; c < base.rows; c++) {
    const row = rows.get(c);
    if (row !== undefined) for (let k = 0; k < row.cols.length; k++) out.push(row.cols[k]!, row.values[k]!);
    else
      for (let k = base.offsets[c]!; k < base.offsets[c + 1]!; k++) out.push(base.cols[k]!, base.values[k]!);
    out.endRow();
  }
  return out.build();
}

/** Group vectors for `clients` (from the model's graph rows), empty rows for everyone else. */
export function groupRows(model: EngineModel, clients: ReadonlySet<number>, predicted: Csr | null): Csr {
  const { input, params } = model;
  const n = input.clientCount;
  const scratch = groupScratch(input.featureNames.length, params.profileFeatures);
  const out = new CsrBuilder(n, clients.size * Math.min(params.profileFeatures, 32));
  for (let c = 0; c < n; c++) {
    if (clients.has(c))
      groupBatch(model.graph, model.explicit, predicted, params.feedback, c, c + 1, scratch, out);
    else out.endRow();
  }
  return out.build();
}

export interface LocalRounds {
  /** Everyone's candidates (null when the run has no rounds, as a full run would leave them). */
  readonly candidates: Csr | null;
  readonly rounds: number;
  readonly converged: boolean;
}

/**
 * Round 0 scores each refreshed client with every source but the propagated one and keeps her best
 * candidates; each next round rescores her with her neighbours' candidates of the previous round, until the
 * refreshed clients' candidates stop moving (mean relative change below the run's tolerance). Rescoring a
 * client in full each round is exact where the full rounds keep round 0's scores for a shortlist: affordable
 * for a few hundred clients.
 */
export function localRounds(model: EngineModel, clients: readonly number[], others: Csr): LocalRounds {
  const { params, input } = model;
  if (params.maxIterations <= 0 || clients.length === 0)
    return { candidates: params.maxIterations <= 0 ? null : others, rounds: 0, converged: true };
  const keep = Math.max(1, params.candidates);
  const scorer = new Scorer(model);
  const candidatesOf = (blend: typeof params.blend, keepZeros: boolean): Map<number, SparseRow> => {
    const rows = new Map<number, SparseRow>();
    for (const c of clients) {
      scorer.score(c, blend);
      const { items, scores } = scorer.top(c, keep, blend, [], true);
      const max = scores.length > 0 ? scores[0]! : 0;
      const cols: number[] = [];
      const values: number[] = [];
      for (let r = 0; r < items.length; r++) {
        if (max <= 0 || (!keepZeros && scores[r]! <= 0)) continue;
        cols.push(items[r]!);
        values.push(scores[r]! / max);
      }
      rows.set(c, { cols, values });
    }
    return rows;
  };
  const local = (rows: Map<number, SparseRow>): Csr => {
    const out = new CsrBuilder(clients.length);
    for (const c of clients) {
      const row = rows.get(c)!;
      for (let k = 0; k < row.cols.length; k++) out.push(row.cols[k]!, row.values[k]!);
      out.endRow();
    }
    return out.build();
  };

  let rows = candidatesOf(staticPart(params.blend), true);
  model.candidates = replaceRows(others, rows);
  const roundBlend = { ...params.blend, popular: 0 };
  let rounds = 0;
  let converged = false;
  while (rounds < params.maxIterations && !converged) {
    rounds++;
    const next = candidatesOf(roundBlend, false);
    converged = candidateChange(local(rows), local(next), input.itemCount).meanDelta < params.tolerance;
    rows = next;
    model.candidates = replaceRows(others, rows);
  }
  scorer.clear();
  return { candidates: model.candidates, rounds, converged };
}
