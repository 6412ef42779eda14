import { clientPostings, maxPostingLength, NeighbourHeaps, neighbourTieSeed } from './neighbours.js';
import { hashKeys, type Csr } from './sparse.js';
import type { EngineParams } from './types.js';

/**
 * The client similarity graph one row at a time, for incremental updates: a client's similarity to every
 * client she shares a counted feature with, and her top-k row, exactly as the full pass (neighbours.ts)
 * computes them. The full pass accumulates each pair once, in float32, from the lower-numbered client's side
 * and in that client's feature order; this does the same, so a row recomputed here equals the full run's bit
 * for bit. Memory: one float per client and per feature, never n x n.
 */
export class SimilarityRows {
  readonly postings: Csr;
  readonly maxPosting: number;
  readonly tieKey: Float32Array;
  private readonly sums: Float32Array;
  private readonly seen: Uint8Array;
  private readonly touched: Uint32Array;
  private readonly shared: Uint16Array;
  /** The row's own weights by feature (counted features only), while a row is computed. */
  private readonly own: Float32Array;

  constructor(
    private readonly explicit: Csr,
    featureCount: number,
    profiledClients: number,
    private readonly params: Pick<EngineParams, 'neighbours' | 'commonFeatureShare' | 'similarityShrinkage'>,
  ) {
    const n = explicit.rows;
    this.postings = clientPostings(explicit, featureCount);
    this.maxPosting = maxPostingLength(profiledClients, params.commonFeatureShare);
    this.tieKey = hashKeys(n, neighbourTieSeed);
    this.sums = new Float32Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Uint32Array(n);
    this.shared = new Uint16Array(n);
    this.own = new Float32Array(featureCount);
  }

  private counted(feature: number): boolean {
    return this.postings.offsets[feature + 1]! - this.postings.offsets[feature]! <= this.maxPosting;
  }

  /** Every client u is similar to (similarity > 1e-6, after shrinkage), in the order the full pass meets them. */
  similarities(u: number): { clients: Uint32Array; similarities: Float64Array } {
    const { explicit: profiles, postings, sums, seen, touched, shared, own } = this;
    const countShared = this.params.similarityShrinkage > 0;
    let count = 0;
    // Clients after u: accumulated from u's side, in u's feature order (as the full pass does for u).
    for (let k = profiles.offsets[u]!; k < profiles.offsets[u + 1]!; k++) {
      const f = profiles.cols[k]!;
      if (!this.counted(f)) continue;
      const wu = profiles.values[k]!;
      own[f] = wu;
      for (let p = firstAfter(postings, f, u); p < postings.offsets[f + 1]!; p++) {
        const v = postings.cols[p]!;
        if (seen[v] === 0) {
          seen[v] = 1;
          touched[count++] = v;
        }
        sums[v]! += wu * postings.values[p]!;
        if (countShared) shared[v]!++;
      }
    }
    const after = count;
    // Clients before u: accumulated from their side, in their feature order.
    for (let k = profiles.offsets[u]!; k < profiles.offsets[u + 1]!; k++) {
      const f = profiles.cols[k]!;
      if (!this.counted(f)) continue;
      for (let p = postings.offsets[f]!; p < postings.offsets[f + 1]! && postings.cols[p]! < u; p++) {
        const v = postings.cols[p]!;
        if (seen[v] === 1) continue;
        seen[v] = 1;
        touched[count++] = v;
        for (let q = profiles.offsets[v]!; q < profiles.offsets[v + 1]!; q++) {
          const wu = own[profiles.cols[q]!]!;
          if (wu === 0) continue;
          sums[v]! += profiles.values[q]! * wu;
          if (countShared) shared[v]!++;
        }
      }
    }
    // The full pass offers u the clients before her in client order, then those after in the order her own
    // pass first met them: with shrinkage the offers carry unrounded similarities, so the order can matter.
    touched.subarray(after, count).sort();
    const clients: number[] = [];
    const similarities: number[] = [];
    const shrinkage = this.params.similarityShrinkage;
    for (let i = 0; i < count; i++) {
      const v = touched[i < count - after ? after + i : i - (count - after)]!;
      let sim = sums[v]!;
      if (countShared) {
        const n = shared[v]!;
        sim *= n / (n + shrinkage);
        shared[v] = 0;
      }
      if (sim > 1e-6) {
        clients.push(v);
        similarities.push(sim);
      }
      sums[v] = 0;
      seen[v] = 0;
    }
    for (let k = profiles.offsets[u]!; k < profiles.offsets[u + 1]!; k++) own[profiles.cols[k]!] = 0;
    return { clients: Uint32Array.from(clients), similarities: Float64Array.from(similarities) };
  }

  /** u's neighbours, most similar first: the row the full pass gives her. */
  neighbours(u: number): { clients: Uint32Array; similarities: Float32Array } {
    const heaps = new NeighbourHeaps(1, this.params.neighbours, this.tieKey);
    const { clients, similarities } = this.similarities(u);
    for (let t = 0; t < clients.length; t++) heaps.offer(0, clients[t]!, similarities[t]!);
    const row = heaps.toCsr();
    return { clients: row.cols, similarities: row.values };
  }
}

/** The first entry of feature f's posting (sorted by client) holding a client after u. */
function firstAfter(postings: Csr, f: number, u: number): number {
  let lo = postings.offsets[f]!;
  let hi = postings.offsets[f + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (postings.cols[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
