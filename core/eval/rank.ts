import type { Scorer } from '../engine/index.js';
import { markOwned, type EngineModel } from '../engine/model.js';
import { rankOfTarget } from '../engine/ranking.js';
import { pushStaticRow, staticPart } from '../engine/iterate.js';
import { Accumulator, CsrBuilder, type Csr } from '../engine/sparse.js';
import type { BlendWeights } from '../engine/types.js';
import { buildItemKnn, scoreItemKnn } from './baselines.js';
import type { Phase } from './protocol.js';
import type { SecondStageRanker } from './second-stage.js';

/** The test phase's rankings: where each method ranks every user's held-out item, over the whole catalog. */

/** Ranks capped at 10: every reported metric is a cut-off at 5 or 10. */
const rankCap = 10;

/** The sources every variant is scored with once per user, to be re-blended per variant. */
const withoutRounds: BlendWeights = {
  sequence: 1,
  explicit: 1,
  group: 1,
  neighbours: 1,
  propagated: 0,
  popular: 0,
};

/** A target already in the training history cannot be recommended (history items are excluded): a miss. */
function owns(model: EngineModel, user: number, item: number): boolean {
  const { eventOffsets, eventItem } = model.input;
  for (let e = eventOffsets[user]!; e < eventOffsets[user + 1]!; e++) if (eventItem[e] === item) return true;
  return false;
}

function ownedMask(model: EngineModel): Uint8Array {
  return new Uint8Array(model.input.itemCount);
}

export function rankPopularity(model: EngineModel, phase: Phase): Int32Array {
  const empty = new Accumulator(model.input.itemCount);
  const mask = ownedMask(model);
  const ranks = new Int32Array(phase.targets.length);
  for (let u = 0; u < ranks.length; u++) {
    markOwned(model, u, mask, 1);
    const t = phase.targets[u]!;
    ranks[u] = mask[t] === 1 ? rankCap : rankOfTarget(empty, 1, model, mask, t, rankCap);
    markOwned(model, u, mask, 0);
  }
  return ranks;
}

export function rankItemKnn(model: EngineModel, phase: Phase): Int32Array {
  const knn = buildItemKnn(phase.input);
  const acc = new Accumulator(model.input.itemCount);
  const mask = ownedMask(model);
  const ranks = new Int32Array(phase.targets.length);
  for (let u = 0; u < ranks.length; u++) {
    scoreItemKnn(knn, phase.input, u, acc);
    markOwned(model, u, mask, 1);
    const t = phase.targets[u]!;
    // A tiny popularity term only orders the items item-kNN cannot tell apart.
    ranks[u] = mask[t] === 1 ? rankCap : rankOfTarget(acc, 1e-6, model, mask, t, rankCap);
    markOwned(model, u, mask, 0);
  }
  return ranks;
}

/**
 * Every variant's test ranks from one scoring per user (the sources are scored once, then re-blended), and
 * the rounds' round 0 for `roundBlend` from the same scoring.
 */
export function rankVariants(
  model: EngineModel,
  scorer: Scorer,
  phase: Phase,
  blends: readonly BlendWeights[],
  roundBlend: BlendWeights,
): { ranks: Int32Array[]; roundZero: Csr } {
  const ranks = blends.map(() => new Int32Array(phase.targets.length));
  const keep = Math.max(1, model.params.candidates);
  const fixedBlend = staticPart(roundBlend);
  const fixed = new CsrBuilder(phase.targets.length, phase.targets.length * keep * 2);
  for (let u = 0; u < phase.targets.length; u++) {
    scorer.score(u, withoutRounds);
    const t = phase.targets[u]!;
    const owned = owns(model, u, t);
    blends.forEach((blend, k) => {
      scorer.reblend(blend);
      ranks[k]![u] = owned ? rankCap : scorer.rankOf(u, t, blend, [], rankCap);
    });
    scorer.reblend(fixedBlend);
    pushStaticRow(scorer, u, keep, fixedBlend, fixed);
  }
  scorer.clear();
  return { ranks, roundZero: fixed.build() };
}

/**
 * Full ISRF's test ranks and top 20, and with `second` the ranks once its second stage reorders each user's
 * stage-1 candidates (a target outside them keeps its stage-1 rank: past the candidates, a miss).
 */
export function rankFull(
  model: EngineModel,
  scorer: Scorer,
  phase: Phase,
  blend: BlendWeights,
  second?: SecondStageRanker,
): { ranks: Int32Array; predictions: Uint32Array[]; secondRanks: Int32Array | null } {
  const ranks = new Int32Array(phase.targets.length);
  const secondRanks = second ? new Int32Array(phase.targets.length) : null;
  const predictions: Uint32Array[] = [];
  for (let u = 0; u < phase.targets.length; u++) {
    scorer.score(u, blend);
    const t = phase.targets[u]!;
    const owned = owns(model, u, t);
    ranks[u] = owned ? rankCap : scorer.rankOf(u, t, blend, [], rankCap);
    // One list serves both: the first 20 of the top `candidates` are the top 20 (same order, same ties).
    const top = scorer.top(u, Math.max(20, second?.candidates ?? 0), blend).items;
    predictions.push(top.slice(0, 20));
    if (second && secondRanks) {
      const r = owned ? -1 : second.rank(scorer, u, blend, top, t);
      secondRanks[u] = r < 0 ? Math.max(ranks[u]!, rankCap) : Math.min(r, rankCap);
    }
  }
  scorer.clear();
  return { ranks, predictions, secondRanks };
}
