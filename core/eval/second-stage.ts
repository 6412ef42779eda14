import type { EngineModel, Scorer } from '../engine/index.js';
import {
  defaultBoostParams,
  fromScorer,
  ndcgSum,
  predictRow,
  RerankFeatures,
  rerankFeatures,
  rerankOrder,
  rerankWidth,
  trainRanker,
  type BoostParams,
  type Forest,
  type RankingData,
} from '../engine/rerank/index.js';
import { sources } from '../engine/scorer.js';
import { TopK } from '../engine/sparse.js';
import type { BlendWeights } from '../engine/types.js';
import { seededUint32 } from './bootstrap.js';
import type { SourceCache } from './tune.js';

/**
 * The learned second stage in the evaluation, trained exactly as the blend weights are tuned: on the
 * validation fit, each user's `candidates` best items under the full ISRF blend (read off the tuning cache,
 * which keeps every source's values) are one query, her validation item the relevant row; users whose item is
 * not among them teach a reranker nothing and are left out. A seeded fifth of the users is held out to stop
 * the boosting (and to say, on validation only, whether the ranker beats stage 1's order). On the test fit,
 * the forest reorders each user's `candidates` best items of the full ranking (owned items and extra
 * variants already filtered); a target outside them keeps its stage-1 rank (>= `candidates`, a miss).
 */
export interface SecondStageOptions {
  readonly candidates: number;
  readonly boost: BoostParams;
  /** Share of the validation users held out for early stopping. */
  readonly heldOut: number;
  readonly seed: number;
}

export const defaultSecondStage: SecondStageOptions = {
  candidates: 50,
  boost: defaultBoostParams,
  heldOut: 0.2,
  seed: 7,
};

export interface SecondStageFit {
  readonly forest: Forest;
  readonly trainMs: number;
  readonly candidates: number;
  /** On the held-out validation users: stage 1's order of the candidates vs the ranker's. */
  readonly heldOut: {
    readonly users: number;
    readonly stage1: { readonly ndcg10: number; readonly hr10: number };
    readonly ranker: { readonly ndcg10: number; readonly hr10: number };
  };
  readonly trainQueries: number;
}

/** What the report says of the second stage. */
export interface SecondStageSummary {
  readonly method: string;
  readonly candidates: number;
  readonly trees: number;
  readonly depth: number;
  readonly features: readonly string[];
  readonly trainQueries: number;
  readonly heldOut: SecondStageFit['heldOut'];
  /** Building the validation queries and training, ms. */
  readonly trainMs: number;
  /** Taking, describing and reordering every test user's candidates, ms. */
  readonly applyMs: number;
}

export function secondStageSummary(fit: SecondStageFit, applyMs: number): SecondStageSummary {
  return {
    method:
      'LambdaMART (gradient-boosted trees, histogram splits, NDCG lambdas), early-stopped on held-out users',
    candidates: fit.candidates,
    trees: fit.forest.trees,
    depth: fit.forest.depth,
    features: [...rerankFeatures],
    trainQueries: fit.trainQueries,
    heldOut: fit.heldOut,
    trainMs: fit.trainMs,
    applyMs,
  };
}

/** One query per user whose validation item is among her candidates, split into training and held-out. */
export function validationQueries(
  model: EngineModel,
  cache: SourceCache,
  targets: Uint32Array,
  blend: BlendWeights,
  options: SecondStageOptions,
): { train: RankingData; held: RankingData; heldUsers: number } {
  const k = options.candidates;
  const features = new RerankFeatures(model);
  const next = seededUint32(options.seed);
  const parts = [new QueryBuilder(), new QueryBuilder()];
  let heldUsers = 0;
  let widest = 0;
  for (let u = 0; u < cache.users; u++) widest = Math.max(widest, cache.offsets[u + 1]! - cache.offsets[u]!);
  // Slots are positions in the user's kept items (the target last); ties go to the higher item key.
  const keys = new Float32Array(widest + 1);
  const totals0 = cachedTotals(cache, blend);
  const top = new TopK(k, keys);
  const items = new Uint32Array(k);
  const scaled = new Float32Array(k * sources.length);
  const totals = new Float32Array(k);
  for (let u = 0; u < cache.users; u++) {
    const held = next() / 4294967296 < options.heldOut ? 1 : 0;
    heldUsers += held;
    if (cache.targetOwned[u] === 1) continue;
    top.reset();
    const from = cache.offsets[u]!;
    const end = cache.offsets[u + 1]!;
    keys.set(cache.keys.subarray(from, end));
    keys[end - from] = cache.targetKey[u]!;
    for (let c = from; c < end; c++) top.offer(c - from, totals0.kept[c]!);
    top.offer(end - from, totals0.target[u]!);
    const { slots, scores } = top.drain();
    const relevant = slots.indexOf(end - from);
    if (relevant < 0) continue;
    for (let r = 0; r < slots.length; r++) {
      const slot = slots[r]!;
      items[r] = slot === end - from ? targets[u]! : cache.items[from + slot]!;
      totals[r] = scores[r]!;
      sources.forEach((s, j) => {
        scaled[r * sources.length + j] =
          slot === end - from ? cache.target[s][u]! : cache.values[s][from + slot]!;
      });
    }
    const out = parts[held]!.row(slots.length, relevant);
    features.write(u, items.subarray(0, slots.length), scaled, totals, out.features, out.at);
  }
  return { train: parts[0]!.build(), held: parts[1]!.build(), heldUsers };
}

/** Blended totals of every kept item and of every user's target, as the scorer would give them. */
function cachedTotals(cache: SourceCache, blend: BlendWeights): { kept: Float32Array; target: Float32Array } {
  const kept = new Float32Array(cache.items.length);
  const target = new Float32Array(cache.users);
  for (let c = 0; c < kept.length; c++) kept[c] = blend.popular * cache.popularity[c]!;
  for (let u = 0; u < target.length; u++) target[u] = blend.popular * cache.targetPopularity[u]!;
  for (const source of sources) {
    const w = blend[source];
    if (w <= 0) continue;
    const values = cache.values[source];
    const targets = cache.target[source];
    for (let c = 0; c < kept.length; c++) kept[c]! += w * values[c]!;
    for (let u = 0; u < target.length; u++) target[u]! += w * targets[u]!;
  }
  return { kept, target };
}

/** Grows a RankingData query by query. */
class QueryBuilder {
  private features = new Float32Array(1 << 16);
  private readonly offsets: number[] = [0];
  private readonly relevant: number[] = [];

  row(n: number, relevant: number): { features: Float32Array; at: number } {
    const at = this.offsets[this.offsets.length - 1]! * rerankWidth;
    const need = at + n * rerankWidth;
    if (need > this.features.length) {
      const grown = new Float32Array(Math.max(need, this.features.length * 2));
      grown.set(this.features);
      this.features = grown;
    }
    this.offsets.push(this.offsets[this.offsets.length - 1]! + n);
    this.relevant.push(relevant);
    return { features: this.features, at };
  }

  build(): RankingData {
    const rows = this.offsets[this.offsets.length - 1]!;
    return {
      features: this.features.slice(0, rows * rerankWidth),
      width: rerankWidth,
      queryOffsets: Uint32Array.from(this.offsets),
      relevant: Uint32Array.from(this.relevant),
    };
  }
}

export function trainSecondStage(
  model: EngineModel,
  cache: SourceCache,
  targets: Uint32Array,
  blend: BlendWeights,
  options: SecondStageOptions = defaultSecondStage,
): SecondStageFit {
  const started = performance.now();
  const { train, held, heldUsers } = validationQueries(model, cache, targets, blend, options);
  const { forest, curve } = trainRanker(train, held, options.boost);
  const trainMs = Math.round(performance.now() - started);
  const hits = (scores: Float64Array) => hitSum(held, scores);
  const heldScores = new Float64Array(held.features.length / rerankWidth);
  const stage1 = { ndcg10: curve[0]! / heldUsers, hr10: hits(heldScores) / heldUsers };
  for (let r = 0; r < heldScores.length; r++)
    heldScores[r] = predictRow(forest, held.features, r * rerankWidth);
  const ranker = { ndcg10: ndcgSum(held, heldScores) / heldUsers, hr10: hits(heldScores) / heldUsers };
  return {
    forest,
    trainMs,
    candidates: options.candidates,
    heldOut: { users: heldUsers, stage1, ranker },
    trainQueries: train.relevant.length,
  };
}

function hitSum(data: RankingData, scores: Float64Array): number {
  let hits = 0;
  for (let q = 0; q < data.relevant.length; q++) {
    const from = data.queryOffsets[q]!;
    const t = from + data.relevant[q]!;
    let rank = 0;
    for (let r = from; r < data.queryOffsets[q + 1]! && rank < 10; r++)
      if (scores[r]! > scores[t]! || (scores[r] === scores[t] && r < t)) rank++;
    if (rank < 10) hits++;
  }
  return hits;
}

/** Applies a trained second stage on the test fit, one user at a time after the scorer scored her. */
export class SecondStageRanker {
  private readonly features: RerankFeatures;
  private readonly rows: Float32Array;
  private readonly scaled: Float32Array;
  private readonly totals: Float32Array;
  private readonly scores: Float64Array;
  private readonly order: Uint32Array;

  constructor(
    model: EngineModel,
    private readonly fit: SecondStageFit,
  ) {
    const k = fit.candidates;
    this.features = new RerankFeatures(model);
    this.rows = new Float32Array(k * rerankWidth);
    this.scaled = new Float32Array(k * sources.length);
    this.totals = new Float32Array(k);
    this.scores = new Float64Array(k);
    this.order = new Uint32Array(k);
  }

  /**
   * The target's 0-based rank once the user's stage-1 candidates (the first `candidates` of `top`, her
   * stage-1 list, best first) are reordered, or -1 when it is not among them. The scorer must have just
   * scored `user` with `blend`.
   */
  rank(scorer: Scorer, user: number, blend: BlendWeights, top: Uint32Array, target: number): number {
    const started = performance.now();
    const items = top.subarray(0, this.fit.candidates);
    const at = items.indexOf(target);
    let rank = -1;
    if (at >= 0) {
      fromScorer(scorer, blend, items, this.scaled, this.totals);
      this.features.write(user, items, this.scaled, this.totals, this.rows, 0);
      rerankOrder(this.fit.forest, this.rows, 0, items.length, this.scores, this.order);
      rank = this.order.subarray(0, items.length).indexOf(at);
    }
    this.elapsedMs += performance.now() - started;
    return rank;
  }

  get candidates(): number {
    return this.fit.candidates;
  }

  /** Time spent in `rank`, summed. */
  elapsedMs = 0;
}
