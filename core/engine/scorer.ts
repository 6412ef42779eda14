import type { BlendWeights } from './types.js';
import { markOwned, onePerVariantGroup, type EngineModel } from './model.js';
import { rankOfTarget, topItems } from './ranking.js';
import { Accumulator, type Csr } from './sparse.js';

/**
 * Scores every item for one client, source by source, into dense accumulators: sequence (what follows her
 * latest items), explicit (her interests x item features), group (her group vector x item features),
 * neighbours (items her neighbours wanted, weighted by similarity) and propagated (her neighbours' own fused
 * candidates from the previous round). Each source is scaled to max 1 before blending so the weights mean the
 * same on any catalog. Popularity is added densely at ranking time. One scorer per thread of work: it owns
 * its buffers.
 */
export const sources = ['sequence', 'explicit', 'group', 'neighbours', 'propagated'] as const;
export type ScoredSource = (typeof sources)[number];

export class Scorer {
  readonly parts: Record<ScoredSource, Accumulator>;
  /** Per source, the max before scaling (0 when the source had nothing). */
  readonly maxima: Record<ScoredSource, number>;
  readonly fused: Accumulator;
  private readonly stamp: Int32Array;
  private readonly mask: Uint8Array;

  constructor(private readonly model: EngineModel) {
    const n = model.input.itemCount;
    this.parts = {
      sequence: new Accumulator(n),
      explicit: new Accumulator(n),
      group: new Accumulator(n),
      neighbours: new Accumulator(n),
      propagated: new Accumulator(n),
    };
    this.maxima = { sequence: 0, explicit: 0, group: 0, neighbours: 0, propagated: 0 };
    this.fused = new Accumulator(n);
    this.stamp = new Int32Array(n).fill(-1);
    this.mask = new Uint8Array(n);
  }

  /** Fills the source accumulators and `fused` for a client (clears the previous client's first). */
  score(client: number, blend: BlendWeights): void {
    this.clear();
    const { model } = this;
    if (model.input.profilingAllowed[client] !== 1) return;
    if (blend.sequence > 0) this.sequence(client);
    if (blend.explicit > 0) this.features(model.explicit, client, this.parts.explicit);
    if (blend.group > 0) this.features(model.group, client, this.parts.group);
    if (blend.neighbours > 0) this.neighbours(client);
    if (blend.propagated > 0 && model.candidates !== null) this.propagated(client, model.candidates);
    for (const source of sources) this.maxima[source] = this.parts[source].max();
    this.reblend(blend);
  }

  /**
   * Rebuilds `fused` from the sources already scored with other weights (a source the last `score` left out
   * stays out). Lets the evaluation rank several blends from one scoring.
   */
  reblend(blend: BlendWeights): void {
    this.fused.clear();
    for (const source of sources) {
      const max = this.maxima[source];
      const w = blend[source];
      if (max <= 0 || w <= 0) continue;
      addSparse(this.fused, this.parts[source], w / max);
    }
  }

  private sequence(client: number): void {
    const { histories, transitions, params } = this.model;
    const { offsets, cols, values } = transitions.weights;
    const from = histories.offsets[client]!;
    const to = histories.offsets[client + 1]!;
    const acc = this.parts.sequence;
    let weight = 1;
    for (let e = to - 1; e >= from && e >= to - params.sequence.recentItems; e--) {
      const anchor = histories.cols[e]!;
      addScaled(acc, cols, values, offsets[anchor]!, offsets[anchor + 1]!, weight);
      weight *= params.sequence.recentDecay;
    }
  }

  private features(profile: Csr, client: number, acc: Accumulator): void {
    const { offsets, cols, values } = this.model.space.scoring;
    for (let k = profile.offsets[client]!; k < profile.offsets[client + 1]!; k++) {
      const f = profile.cols[k]!;
      addScaled(acc, cols, values, offsets[f]!, offsets[f + 1]!, profile.values[k]!);
    }
  }

  private neighbours(client: number): void {
    const { graph, histories, params } = this.model;
    const decay = params.neighbourItemDecay;
    const acc = this.parts.neighbours;
    const { stamp } = this;
    const items = histories.cols;
    const sums = acc.values;
    const seen = acc.seen;
    const touched = acc.touched;
    let count = acc.count;
    for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) {
      const v = graph.cols[k]!;
      // A neighbour's latest items say most about what she is into now.
      let w = graph.values[k]!;
      for (let e = histories.offsets[v + 1]! - 1; e >= histories.offsets[v]!; e--) {
        const item = items[e]!;
        // A neighbour who bought the same item twice is still one client's evidence.
        if (stamp[item] === v) continue;
        stamp[item] = v;
        if (seen[item] === 0) {
          seen[item] = 1;
          touched[count++] = item;
        }
        sums[item]! += w;
        w *= decay;
      }
    }
    acc.count = count;
    for (let k = 0; k < count; k++) stamp[touched[k]!] = -1;
  }

  private propagated(client: number, candidates: Csr): void {
    const { graph } = this.model;
    const acc = this.parts.propagated;
    let total = 0;
    for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) total += graph.values[k]!;
    if (total <= 0) return;
    for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) {
      const v = graph.cols[k]!;
      addScaled(
        acc,
        candidates.cols,
        candidates.values,
        candidates.offsets[v]!,
        candidates.offsets[v + 1]!,
        graph.values[k]! / total,
      );
    }
  }

  /** The final score of an item after `score`: fused + popularity. */
  total(item: number, blend: BlendWeights): number {
    return this.fused.values[item]! + blend.popular * this.model.popularityShare[item]!;
  }

  /**
   * The n best items for the scored client, excluding owned items and `exclude`; best first. Ties go to the
   * more popular item, then a fixed hash. `touchedOnly` leaves out items no source touched.
   */
  top(
    client: number,
    n: number,
    blend: BlendWeights,
    exclude: readonly number[] = [],
    touchedOnly = false,
  ): { items: Uint32Array; scores: Float32Array } {
    this.markExcluded(client, exclude, 1);
    const variants = this.model.variants;
    let out = topItems(this.fused, blend.popular, this.model, this.mask, n, touchedOnly);
    // One variant per group: ask for more until n distinct groups fill the list (or the catalog runs out).
    for (let ask = n; variants !== null;) {
      const kept = onePerVariantGroup(variants, out.items, out.scores, n);
      if (kept === n || out.items.length < ask || ask >= this.mask.length) {
        out = { items: out.items.slice(0, kept), scores: out.scores.slice(0, kept) };
        break;
      }
      ask = Math.min(this.mask.length, ask * 2);
      out = topItems(this.fused, blend.popular, this.model, this.mask, ask, touchedOnly);
    }
    this.markExcluded(client, exclude, 0);
    return out;
  }

  /** Where `target` lands in the full ranking (0 = first) among items not owned and not in `exclude`. */
  rankOf(
    client: number,
    target: number,
    blend: BlendWeights,
    exclude: readonly number[] = [],
    cap = Number.MAX_SAFE_INTEGER,
  ): number {
    this.markExcluded(client, exclude, 1);
    const rank = rankOfTarget(this.fused, blend.popular, this.model, this.mask, target, cap);
    this.markExcluded(client, exclude, 0);
    return rank;
  }

  private markExcluded(client: number, exclude: readonly number[], value: 0 | 1): void {
    markOwned(this.model, client, this.mask, value);
    for (const item of exclude) if (item >= 0 && item < this.mask.length) this.mask[item] = value;
  }

  clear(): void {
    for (const source of sources) {
      this.parts[source].clear();
      this.maxima[source] = 0;
    }
    this.fused.clear();
  }
}

/** acc[cols[p]] += scale * values[p] for p in [from, to): the innermost loop of every source. */
function addScaled(
  acc: Accumulator,
  cols: Uint32Array,
  values: Float32Array,
  from: number,
  to: number,
  scale: number,
): void {
  const sums = acc.values;
  const seen = acc.seen;
  const touched = acc.touched;
  let count = acc.count;
  for (let p = from; p < to; p++) {
    const slot = cols[p]!;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      touched[count++] = slot;
    }
    sums[slot]! += scale * values[p]!;
  }
  acc.count = count;
}

/** into += scale * part, over part's touched slots. */
function addSparse(into: Accumulator, part: Accumulator, scale: number): void {
  const sums = into.values;
  const seen = into.seen;
  const touched = into.touched;
  const from = part.values;
  let count = into.count;
  for (let k = 0; k < part.count; k++) {
    const slot = part.touched[k]!;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      touched[count++] = slot;
    }
    sums[slot]! += scale * from[slot]!;
  }
  into.count = count;
}
