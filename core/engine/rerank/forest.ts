/**
 * A forest of complete binary trees of one depth, flat in typed arrays: tree t's internal node k (0-based,
 * breadth first, children of k at 2k + 1 and 2k + 2) tests `x[feature] > threshold` (right) and its leaves are
 * `leaves[t * 2^depth ...]`. A node that did not split has an infinite threshold (everything goes left), so
 * every tree has the same shape and prediction is a fixed number of steps without branches on the shape.
 */
export interface Forest {
  readonly width: number;
  readonly depth: number;
  readonly trees: number;
  readonly feature: Uint16Array;
  readonly threshold: Float32Array;
  readonly leaves: Float32Array;
}

export function internalNodes(depth: number): number {
  return (1 << depth) - 1;
}

/** The forest's score for the row of `features` starting at `at` (its first `trees` trees). */
export function predictRow(forest: Forest, features: Float32Array, at: number, trees = forest.trees): number {
  let sum = 0;
  for (let t = 0; t < trees; t++) sum += treeScore(forest, t, features, at);
  return sum;
}

/** Tree t's output for the row of `features` starting at `at`. */
export function treeScore(forest: Forest, t: number, features: Float32Array, at: number): number {
  const { depth, feature, threshold, leaves } = forest;
  const inner = internalNodes(depth);
  const base = t * inner;
  let k = 0;
  for (let d = 0; d < depth; d++) {
    const node = base + k;
    k = 2 * k + (features[at + feature[node]!]! > threshold[node]! ? 2 : 1);
  }
  return leaves[t * (inner + 1) + k - inner]!;
}

/** Scores of `rows` consecutive rows (row-major, `forest.width` wide) into `out`. */
export function predictRows(forest: Forest, features: Float32Array, rows: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) out[r] = predictRow(forest, features, r * forest.width);
}

/** The first `trees` trees of a forest (copies). */
export function truncateForest(forest: Forest, trees: number): Forest {
  const inner = internalNodes(forest.depth);
  return {
    width: forest.width,
    depth: forest.depth,
    trees,
    feature: forest.feature.slice(0, trees * inner),
    threshold: forest.threshold.slice(0, trees * inner),
    leaves: forest.leaves.slice(0, trees * (inner + 1)),
  };
}

/**
 * Reorders one client's candidates by the forest (ties keep stage 1's order): `order[k]` is the index in
 * `items` of the k-th best. `scores` receives each candidate's forest score.
 */
export function rerankOrder(
  forest: Forest,
  features: Float32Array,
  at: number,
  n: number,
  scores: Float64Array,
  order: Uint32Array,
): void {
  for (let r = 0; r < n; r++) {
    scores[r] = predictRow(forest, features, at + r * forest.width);
    order[r] = r;
  }
  sortByScore(order, n, scores, 0);
}

/**
 * Sorts order[0..n) (indices 0..n-1) by scores[from + index], highest first, ties by index: insertion sort,
 * faster than a comparator sort on the 50-100 candidates of a client.
 */
export function sortByScore(order: Uint32Array, n: number, scores: ArrayLike<number>, from: number): void {
  for (let k = 1; k < n; k++) {
    const x = order[k]!;
    const sx = scores[from + x]!;
    let j = k - 1;
    while (j >= 0) {
      const y = order[j]!;
      const sy = scores[from + y]!;
      if (sy > sx || (sy === sx && y < x)) break;
      order[j + 1] = y;
      j--;
    }
    order[j + 1] = x;
  }
}
