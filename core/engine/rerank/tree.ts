import type { Bins } from './bins.js';
import { internalNodes, type Forest } from './forest.js';

/** What growing one tree needs of the boosting parameters. */
export interface TreeParams {
  readonly depth: number;
  readonly learningRate: number;
  /** L2 penalty on leaf values (added to the hessian sum). */
  readonly l2: number;
  readonly minLeafRows: number;
}

/**
 * Grows one tree level by level; owns its buffers across trees. Rows are kept partitioned by node (`index`,
 * each node a range), and each histogram holds (gradient, hessian, count) per bin, interleaved. Only the
 * smaller child of a split is scanned: its sibling is the parent's histogram minus it.
 */
export class TreeGrower {
  private readonly binBase: Uint32Array;
  private readonly binCount: Uint32Array;
  private readonly totalBins: number;
  private parentHist: Float64Array;
  private childHist: Float64Array;
  private readonly index: Uint32Array;
  private readonly spare: Uint32Array;
  private readonly start: Uint32Array;
  private readonly childStart: Uint32Array;
  private readonly splitFeature: Int32Array;
  private readonly splitBin: Int32Array;
  /** This tree's splits by node (breadth first), in bins. */
  private readonly nodeFeature: Int32Array;
  private readonly nodeBin: Int32Array;

  constructor(
    private readonly bins: Bins,
    private readonly binned: Uint8Array,
    private readonly rows: number,
    private readonly params: TreeParams,
  ) {
    const { width, offsets } = bins;
    this.binBase = new Uint32Array(width);
    this.binCount = new Uint32Array(width);
    let total = 0;
    for (let f = 0; f < width; f++) {
      this.binBase[f] = total;
      this.binCount[f] = offsets[f + 1]! - offsets[f]! + 1;
      total += this.binCount[f]!;
    }
    this.totalBins = total;
    const widest = 1 << params.depth;
    this.parentHist = new Float64Array(widest * total * 3);
    this.childHist = new Float64Array(widest * total * 3);
    this.index = new Uint32Array(rows);
    this.spare = new Uint32Array(rows);
    this.start = new Uint32Array(widest + 1);
    this.childStart = new Uint32Array(widest + 1);
    this.splitFeature = new Int32Array(widest);
    this.splitBin = new Int32Array(widest);
    this.nodeFeature = new Int32Array(widest);
    this.nodeBin = new Int32Array(widest);
  }

  /** Grows tree t into `forest` from gradients g and hessians h, and adds its output to `scores`. */
  grow(
    g: Float64Array,
    h: Float64Array,
    t: number,
    forest: Forest,
    scores: Float64Array,
    sample: Uint32Array,
    sampled: number,
  ): void {
    const { depth, learningRate, l2 } = this.params;
    const { index, start, totalBins } = this;
    const inner = internalNodes(depth);
    index.set(sample.subarray(0, sampled));
    start[0] = 0;
    start[1] = sampled;
    this.parentHist.fill(0, 0, totalBins * 3);
    this.accumulate(g, h, 0, sampled, this.parentHist, 0);
    for (let d = 0; d < depth; d++) {
      const nodes = 1 << d;
      for (let k = 0; k < nodes; k++) {
        this.bestSplit(k);
        const at = t * inner + nodes - 1 + k;
        const f = this.splitFeature[k]!;
        this.nodeFeature[nodes - 1 + k] = f;
        this.nodeBin[nodes - 1 + k] = this.splitBin[k]!;
        forest.feature[at] = Math.max(0, f);
        forest.threshold[at] = f < 0 ? Infinity : this.bins.cuts[this.bins.offsets[f]! + this.splitBin[k]!]!;
      }
      this.split(g, h, nodes);
    }
    const leafCount = inner + 1;
    const hist = this.parentHist;
    for (let k = 0; k < leafCount; k++) {
      // Every row falls in exactly one bin of feature 0: its bins sum to the leaf's totals.
      let G = 0;
      let H = 0;
      for (let b = 0; b < this.binCount[0]!; b++) {
        G += hist[(k * totalBins + b) * 3]!;
        H += hist[(k * totalBins + b) * 3 + 1]!;
      }
      const value = (-learningRate * G) / (H + l2);
      forest.leaves[t * leafCount + k] = value;
    }
    this.addTree(forest, t, scores);
  }

  /** Adds tree t's output to every training row's score (sampled or not), reading the bins. */
  private addTree(forest: Forest, t: number, scores: Float64Array): void {
    const { depth } = this.params;
    const inner = internalNodes(depth);
    const width = this.bins.width;
    const { binned } = this;
    const nodeFeature = this.nodeFeature;
    const nodeBin = this.nodeBin;
    for (let r = 0; r < this.rows; r++) {
      let k = 0;
      for (let d = 0; d < depth; d++) {
        const f = nodeFeature[k]!;
        k = 2 * k + (f >= 0 && binned[r * width + f]! > nodeBin[k]! ? 2 : 1);
      }
      scores[r]! += forest.leaves[t * (inner + 1) + k - inner]!;
    }
  }

  /** Partitions every node's rows into its children and builds the children's histograms (parentHist after). */
  private split(g: Float64Array, h: Float64Array, nodes: number): void {
    const { index, spare, start, childStart, binned, totalBins } = this;
    const width = this.bins.width;
    const size = totalBins * 3;
    const child = this.childHist;
    for (let k = 0; k < nodes; k++) {
      const f = this.splitFeature[k]!;
      const cut = this.splitBin[k]!;
      const from = start[k]!;
      const to = start[k + 1]!;
      let left = from;
      let right = 0;
      for (let p = from; p < to; p++) {
        const r = index[p]!;
        if (f >= 0 && binned[r * width + f]! > cut) spare[right++] = r;
        else index[left++] = r;
      }
      index.set(spare.subarray(0, right), left);
      childStart[2 * k] = from;
      childStart[2 * k + 1] = left;
      const leftBase = 2 * k * size;
      const rightBase = leftBase + size;
      const parentBase = k * size;
      const smallLeft = left - from <= to - left;
      const [smallBase, smallFrom, smallTo, bigBase] = smallLeft
        ? [leftBase, from, left, rightBase]
        : [rightBase, left, to, leftBase];
      child.fill(0, smallBase, smallBase + size);
      this.accumulate(g, h, smallFrom, smallTo, child, smallBase);
      for (let b = 0; b < size; b++)
        child[bigBase + b] = this.parentHist[parentBase + b]! - child[smallBase + b]!;
    }
    childStart[2 * nodes] = start[nodes]!;
    start.set(childStart.subarray(0, 2 * nodes + 1));
    this.childHist = this.parentHist;
    this.parentHist = child;
  }

  /** Adds rows index[from..to) to the histogram at `base` of `hist`. */
  private accumulate(
    g: Float64Array,
    h: Float64Array,
    from: number,
    to: number,
    hist: Float64Array,
    base: number,
  ) {
    const { binBase, binned, index } = this;
    const width = this.bins.width;
    for (let p = from; p < to; p++) {
      const r = index[p]!;
      const gr = g[r]!;
      const hr = h[r]!;
      const row = r * width;
      for (let f = 0; f < width; f++) {
        const at = base + (binBase[f]! + binned[row + f]!) * 3;
        hist[at]! += gr;
        hist[at + 1]! += hr;
        hist[at + 2]!++;
      }
    }
  }

  /** The split of node k (in parentHist) with the largest gain, or feature -1 when none beats not splitting. */
  private bestSplit(k: number): void {
    const { binBase, binCount, totalBins } = this;
    const hist = this.parentHist;
    const { l2, minLeafRows } = this.params;
    const width = this.bins.width;
    const base = k * totalBins * 3;
    let G = 0;
    let H = 0;
    let C = 0;
    for (let b = 0; b < binCount[0]!; b++) {
      G += hist[base + b * 3]!;
      H += hist[base + b * 3 + 1]!;
      C += hist[base + b * 3 + 2]!;
    }
    const parent = (G * G) / (H + l2);
    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestBin = 0;
    for (let f = 0; f < width; f++) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const from = base + binBase[f]! * 3;
      for (let b = 0; b + 1 < binCount[f]!; b++) {
        gl += hist[from + b * 3]!;
        hl += hist[from + b * 3 + 1]!;
        cl += hist[from + b * 3 + 2]!;
        if (cl < minLeafRows) continue;
        if (C - cl < minLeafRows) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b;
        }
      }
    }
    this.splitFeature[k] = bestFeature;
    this.splitBin[k] = bestBin;
  }
}
