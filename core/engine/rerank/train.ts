import { binRows, buildBins } from './bins.js';
import { internalNodes, sortByScore, treeScore, type Forest } from './forest.js';
import { TreeGrower, type TreeParams } from './tree.js';
import { seededUint32 } from '../random.js';

/**
 * LambdaMART over histogram bins: gradient-boosted regression trees whose gradients are LambdaRank's, each
 * pair (relevant row, other row) of a query pushed apart by the NDCG its swap would change. One relevant row
 * per query (leave-one-out). Trees are complete, of a fixed depth, grown level by level from per-node
 * histograms of gradient, hessian and count; leaves take a Newton step shrunk by the learning rate. After
 * each tree the held-out queries are scored; the forest is cut at its best held-out NDCG@10, and training
 * stops `patience` trees after it. Deterministic: no sampling, ties broken by row order (stage 1's order).
 */
export interface RankingData {
  /** Row-major, `width` values per row; a query's rows in stage 1's order, best first. */
  readonly features: Float32Array;
  readonly width: number;
  /** Query q owns rows queryOffsets[q] .. queryOffsets[q + 1]. */
  readonly queryOffsets: Uint32Array;
  /** Per query, the index (within the query) of its relevant row. */
  readonly relevant: Uint32Array;
}

export interface BoostParams extends TreeParams {
  readonly trees: number;
  readonly maxBins: number;
  /** Stop this many trees after the best held-out NDCG@10. */
  readonly patience: number;
  /** Share of the training queries each tree is grown from (drawn afresh per tree from `seed`). */
  readonly querySample: number;
  readonly seed: number;
}

export const defaultBoostParams: BoostParams = {
  trees: 40,
  depth: 6,
  learningRate: 0.2,
  maxBins: 32,
  l2: 1,
  minLeafRows: 300,
  patience: 10,
  querySample: 1,
  seed: 1,
};

export interface TrainedRanker {
  readonly forest: Forest;
  /** Held-out NDCG@10 summed over the held-out queries, after 0, 1, ... trees (0: stage 1's order). */
  readonly curve: Float64Array;
}

export function trainRanker(train: RankingData, held: RankingData, params: BoostParams): TrainedRanker {
  const { width } = train;
  const rows = train.features.length / width;
  const bins = buildBins(train.features, width, params.maxBins);
  const binned = binRows(bins, train.features);
  const inner = internalNodes(params.depth);
  const feature = new Uint16Array(params.trees * inner);
  const threshold = new Float32Array(params.trees * inner);
  const leaves = new Float32Array(params.trees * (inner + 1));
  const forest = { width, depth: params.depth, trees: 0, feature, threshold, leaves };
  const scores = new Float64Array(rows);
  const heldScores = new Float64Array(held.features.length / width);
  const g = new Float64Array(rows);
  const h = new Float64Array(rows);
  const grower = new TreeGrower(bins, binned, rows, params);
  const curve = [ndcgSum(held, heldScores)];
  const next = seededUint32(params.seed);
  const sample = new Uint32Array(rows);
  let best = 0;
  for (let t = 0; t < params.trees; t++) {
    lambdas(train, scores, g, h);
    const sampled = sampleRows(train.queryOffsets, params.querySample, next, sample);
    grower.grow(g, h, t, forest, scores, sample, sampled);
    forest.trees = t + 1;
    for (let r = 0; r < heldScores.length; r++)
      heldScores[r]! += treeScore(forest, t, held.features, r * width);
    curve.push(ndcgSum(held, heldScores));
    if (curve[t + 1]! > curve[best]! + 1e-12) best = t + 1;
    else if (t + 1 - best >= params.patience) break;
  }
  const kept = {
    width,
    depth: params.depth,
    trees: best,
    feature: feature.slice(0, best * inner),
    threshold: threshold.slice(0, best * inner),
    leaves: leaves.slice(0, best * (inner + 1)),
  };
  return { forest: kept, curve: Float64Array.from(curve) };
}

/** The rows of a seeded share of the queries into `out`; returns how many. */
function sampleRows(queryOffsets: Uint32Array, share: number, next: () => number, out: Uint32Array): number {
  let n = 0;
  for (let q = 0; q + 1 < queryOffsets.length; q++) {
    if (share < 1 && next() / 4294967296 >= share) continue;
    for (let r = queryOffsets[q]!; r < queryOffsets[q + 1]!; r++) out[n++] = r;
  }
  return n;
}

/** Ranks of a query's rows by score (best first, ties by row order) into `position`. */
function positions(scores: Float64Array, from: number, n: number, order: Uint32Array, position: Uint32Array) {
  for (let k = 0; k < n; k++) order[k] = k;
  sortByScore(order, n, scores, from);
  for (let k = 0; k < n; k++) position[order[k]!] = k;
}

const discount = (rank: number) => 1 / Math.log2(rank + 2);

/** LambdaRank gradients (g: of the loss, so a tree steps along -g) and hessians for every row. */
function lambdas(data: RankingData, scores: Float64Array, g: Float64Array, h: Float64Array): void {
  g.fill(0);
  h.fill(0);
  const { queryOffsets, relevant } = data;
  let longest = 0;
  for (let q = 0; q + 1 < queryOffsets.length; q++)
    longest = Math.max(longest, queryOffsets[q + 1]! - queryOffsets[q]!);
  const order = new Uint32Array(longest);
  const position = new Uint32Array(longest);
  for (let q = 0; q + 1 < queryOffsets.length; q++) {
    const from = queryOffsets[q]!;
    const n = queryOffsets[q + 1]! - from;
    positions(scores, from, n, order, position);
    const t = from + relevant[q]!;
    const dt = discount(position[relevant[q]!]!);
    for (let j = 0; j < n; j++) {
      const row = from + j;
      if (row === t) continue;
      const delta = Math.abs(dt - discount(position[j]!));
      const rho = 1 / (1 + Math.exp(scores[t]! - scores[row]!));
      const lambda = rho * delta;
      const weight = rho * (1 - rho) * delta;
      g[t]! -= lambda;
      g[row]! += lambda;
      h[t]! += weight;
      h[row]! += weight;
    }
  }
}

/** Sum over queries of NDCG@10 of the relevant row (one relevant row: DCG = 1 / log2(rank + 2)). */
export function ndcgSum(data: RankingData, scores: Float64Array): number {
  const { queryOffsets, relevant } = data;
  let sum = 0;
  for (let q = 0; q + 1 < queryOffsets.length; q++) {
    const from = queryOffsets[q]!;
    const t = from + relevant[q]!;
    let rank = 0;
    for (let r = from; r < queryOffsets[q + 1]! && rank < 10; r++)
      if (scores[r]! > scores[t]! || (scores[r] === scores[t] && r < t)) rank++;
    if (rank < 10) sum += discount(rank);
  }
  return sum;
}
