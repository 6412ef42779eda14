import type { EngineModel } from '../model.js';
import { sources, type Scorer } from '../scorer.js';
import type { BlendWeights } from '../types.js';
import { sortByScore } from './forest.js';

/**
 * The second stage's view of one candidate: what stage 1 said about it (each source's scaled score and its
 * rank among the client's candidates, the blended score and rank) and what stage 1 does not look at directly
 * (raw transition counts from her latest items, content overlap with them by facet, how many of her
 * neighbours hold it and their similarity mass, her history length, its popularity, how late it tends to come
 * in the fitted histories: how many end with it, its mean relative position). Every value is computed
 * from the fitted model and the scorer's state for the client, nothing from the held-out item.
 */
export const rerankFeatures = [
  ...sources.map((s) => `${s} score`),
  ...sources.map((s) => `${s} rank`),
  'blended score',
  'blended rank',
  'blended score / best',
  'log popularity',
  'log history length',
  'follows last item',
  'follows latest 3',
  'transition weight from last item',
  'transition weight from latest 3',
  'neighbours holding it',
  'similarity mass holding it',
  'cosine with last item',
  'max cosine with latest 3',
  'same maison as last item',
  'maison shared with latest 3',
  'category features shared with last item',
  'same price tier as last item',
  'log late popularity',
  'mean position in histories',
] as const;

export const rerankWidth = rerankFeatures.length;

/** How many of her latest items the "latest 3" features read. */
const latest = 3;

const facetCode = { maison: 1, category: 2, price: 3 } as const;

/**
 * Writes the features of a client's candidates, row-major (`items.length` x `rerankWidth`), into `out` from
 * `at`; `items` are her stage-1 candidates, best first. Reuses its buffers across clients: one per thread of
 * work.
 */
export class RerankFeatures {
  private readonly follows: Float32Array;
  /** Forward follow counts from her last item alone. */
  private readonly followsLast: Float32Array;
  /** Transition weights from her latest 3 items, summed (undecayed, unlike the sequence source). */
  private readonly transition: Float32Array;
  /** Transition weight from her last item alone (the sequence source's first anchor). */
  private readonly lastWeight: Float32Array;
  private readonly support: Float32Array;
  private readonly mass: Float32Array;
  private readonly stamp: Int32Array;
  private readonly touched: Uint32Array;
  /** Per feature: bit k set when her k-th latest item holds it; its weight per latest item. */
  private readonly holders: Uint8Array;
  private readonly weights: Float32Array;
  private readonly facet: Uint8Array;
  private order: Uint32Array;
  private column: Float64Array;
  /** Per item: how many histories end with it (log1p), and its mean relative position in them (0..1]. */
  private readonly late: Float32Array;
  private readonly position: Float32Array;

  constructor(private readonly model: EngineModel) {
    const n = model.input.itemCount;
    const f = model.input.featureNames.length;
    this.follows = new Float32Array(n);
    this.followsLast = new Float32Array(n);
    this.transition = new Float32Array(n);
    this.lastWeight = new Float32Array(n);
    this.support = new Float32Array(n);
    this.mass = new Float32Array(n);
    this.stamp = new Int32Array(n).fill(-1);
    this.touched = new Uint32Array(n);
    this.holders = new Uint8Array(f);
    this.weights = new Float32Array(f * latest);
    this.facet = new Uint8Array(f);
    model.input.featureFacets.forEach((name, k) => {
      this.facet[k] = (facetCode as Record<string, number>)[name] ?? 0;
    });
    this.order = new Uint32Array(0);
    this.column = new Float64Array(0);
    ({ late: this.late, position: this.position } = lateness(model));
  }

  /**
   * `scaled` holds each candidate's source values (row-major, `sources.length` per candidate, each source
   * scaled to max 1 as the blend reads it) and `totals` its blended score: from a scorer (`fromScorer`) or
   * from the evaluation's tuning cache.
   */
  write(
    client: number,
    items: Uint32Array,
    scaled: Float32Array,
    totals: Float32Array,
    out: Float32Array,
    at: number,
  ): void {
    const { model } = this;
    const { histories } = model;
    const from = histories.offsets[client]!;
    const to = histories.offsets[client + 1]!;
    const touched = this.collect(client, from, to);
    const anchors = this.markLatest(from, to, 1);
    const best = items.length > 0 ? totals[0]! : 0;
    const logLength = Math.log1p(to - from);
    const { cols, values } = model.space.items;
    const offsets = model.space.items.offsets;
    const width = sources.length;
    for (let r = 0; r < items.length; r++) {
      const i = items[r]!;
      const row = at + r * rerankWidth;
      let c = 0;
      for (let s = 0; s < width; s++) out[row + c++] = scaled[r * width + s]!;
      c += width; // the per-source ranks, filled below
      const total = totals[r]!;
      out[row + c++] = total;
      out[row + c++] = r;
      out[row + c++] = best > 0 ? total / best : 0;
      out[row + c++] = Math.log1p(model.popularity[i]!);
      out[row + c++] = logLength;
      const stamped = this.stamp[i] === client;
      out[row + c++] = stamped ? this.followsLast[i]! : 0;
      out[row + c++] = stamped ? this.follows[i]! : 0;
      out[row + c++] = stamped ? this.lastWeight[i]! : 0;
      out[row + c++] = stamped ? this.transition[i]! : 0;
      out[row + c++] = stamped ? this.support[i]! : 0;
      out[row + c++] = stamped ? this.mass[i]! : 0;
      let cosLast = 0;
      let maisonLast = 0;
      let maisonAny = 0;
      let categoryLast = 0;
      let priceLast = 0;
      const cos = [0, 0, 0];
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const f = cols[k]!;
        const bits = this.holders[f]!;
        if (bits === 0) continue;
        for (let a = 0; a < anchors; a++)
          if ((bits >> a) & 1) cos[a]! += values[k]! * this.weights[f * latest + a]!;
        const code = this.facet[f]!;
        if (code === facetCode.maison) {
          maisonAny += popcount(bits);
          if (bits & 1) maisonLast = 1;
        } else if (bits & 1) {
          if (code === facetCode.category) categoryLast++;
          else if (code === facetCode.price) priceLast = 1;
        }
      }
      cosLast = cos[0]!;
      out[row + c++] = cosLast;
      out[row + c++] = Math.max(cos[0]!, cos[1]!, cos[2]!);
      out[row + c++] = maisonLast;
      out[row + c++] = maisonAny;
      out[row + c++] = categoryLast;
      out[row + c++] = priceLast;
      out[row + c++] = this.late[i]!;
      out[row + c++] = this.position[i]!;
    }
    this.sourceRanks(items.length, out, at);
    this.markLatest(from, to, 0);
    this.release(touched);
  }

  /**
   * Per item touched by her latest items' transitions or her neighbours' histories: forward follow counts
   * from her latest 3 (and the last one's damped weight), neighbours holding it and their similarity sum.
   * Stamps each touched item with the client; returns how many were touched.
   */
  private collect(client: number, from: number, to: number): number {
    const { transitions, graph, histories } = this.model;
    const { offsets, cols, values } = transitions.weights;
    const stamp = this.stamp;
    let count = 0;
    const touch = (item: number) => {
      if (stamp[item] === client) return;
      stamp[item] = client;
      this.follows[item] = 0;
      this.followsLast[item] = 0;
      this.transition[item] = 0;
      this.lastWeight[item] = 0;
      this.support[item] = 0;
      this.mass[item] = 0;
      this.touched[count++] = item;
    };
    for (let e = to - 1, a = 0; e >= from && a < latest; e--, a++) {
      const anchor = histories.cols[e]!;
      for (let p = offsets[anchor]!; p < offsets[anchor + 1]!; p++) {
        const j = cols[p]!;
        touch(j);
        this.follows[j]! += transitions.follows[p]!;
        this.transition[j]! += values[p]!;
        if (a === 0) {
          this.followsLast[j]! += transitions.follows[p]!;
          this.lastWeight[j]! += values[p]!;
        }
      }
    }
    // A neighbour holding an item twice still counts once (histories are short: a backward scan).
    for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) {
      const v = graph.cols[k]!;
      const sim = graph.values[k]!;
      for (let e = histories.offsets[v]!; e < histories.offsets[v + 1]!; e++) {
        const item = histories.cols[e]!;
        if (firstOccurrence(histories.cols, histories.offsets[v]!, e, item)) {
          touch(item);
          this.support[item]! += 1;
          this.mass[item]! += sim;
        }
      }
    }
    return count;
  }

  private release(count: number): void {
    for (let k = 0; k < count; k++) this.stamp[this.touched[k]!] = -1;
  }

  /** Sets (value 1) or clears (0) the features of her latest items; returns how many latest items she has. */
  private markLatest(from: number, to: number, value: 0 | 1): number {
    const { cols, values, offsets } = this.model.space.items;
    const items = this.model.histories.cols;
    let a = 0;
    for (let e = to - 1; e >= from && a < latest; e--, a++) {
      const item = items[e]!;
      for (let k = offsets[item]!; k < offsets[item + 1]!; k++) {
        const f = cols[k]!;
        if (value === 1) {
          this.holders[f]! |= 1 << a;
          this.weights[f * latest + a] = values[k]!;
        } else {
          this.holders[f] = 0;
          this.weights[f * latest + a] = 0;
        }
      }
    }
    return a;
  }

  /** Each source's rank among the candidates (0 = its best; ties by stage-1 position). */
  private sourceRanks(n: number, out: Float32Array, at: number): void {
    let order = this.order;
    let column = this.column;
    if (order.length < n) {
      order = this.order = new Uint32Array(n);
      column = this.column = new Float64Array(n);
    }
    for (let s = 0; s < sources.length; s++) {
      for (let r = 0; r < n; r++) {
        order[r] = r;
        column[r] = out[at + r * rerankWidth + s]!;
      }
      sortByScore(order, n, column, 0);
      for (let k = 0; k < n; k++) out[at + order[k]! * rerankWidth + sources.length + s] = k;
    }
  }
}

/**
 * The source values and blended scores of a client's candidates from a scorer that has just scored her with
 * `blend`, into `scaled` (row-major, one row per candidate) and `totals`.
 */
export function fromScorer(
  scorer: Scorer,
  blend: BlendWeights,
  items: Uint32Array,
  scaled: Float32Array,
  totals: Float32Array,
): void {
  for (let r = 0; r < items.length; r++) {
    const i = items[r]!;
    sources.forEach((s, k) => {
      const max = scorer.maxima[s];
      scaled[r * sources.length + k] = max > 0 ? scorer.parts[s].values[i]! / max : 0;
    });
    totals[r] = scorer.total(i, blend);
  }
}

/**
 * Per item, from the fitted histories: log1p of how many end with it (their latest item), and the mean of
 * its relative positions (position + 1) / length - how late in a history it tends to come.
 */
function lateness(model: EngineModel): { late: Float32Array; position: Float32Array } {
  const n = model.input.itemCount;
  const { offsets, cols } = model.histories;
  const late = new Float32Array(n);
  const position = new Float32Array(n);
  const count = new Uint32Array(n);
  for (let c = 0; c + 1 < offsets.length; c++) {
    const from = offsets[c]!;
    const length = offsets[c + 1]! - from;
    if (length === 0) continue;
    late[cols[from + length - 1]!]!++;
    for (let e = 0; e < length; e++) {
      position[cols[from + e]!]! += (e + 1) / length;
      count[cols[from + e]!]!++;
    }
  }
  for (let i = 0; i < n; i++) {
    late[i] = Math.log1p(late[i]!);
    position[i] = count[i]! > 0 ? position[i]! / count[i]! : 0;
  }
  return { late, position };
}

function firstOccurrence(cols: Uint32Array, from: number, at: number, item: number): boolean {
  for (let e = from; e < at; e++) if (cols[e] === item) return false;
  return true;
}

function popcount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b >>= 1) n += b & 1;
  return n;
}
