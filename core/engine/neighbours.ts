import { Accumulator, CsrBuilder, transpose, type Csr } from './sparse.js';

/**
 * Stage 2a: the client similarity graph. Cosine between explicit-interest vectors (unit rows), top-k per
 * client, computed through a feature -> clients inverted index (sparse accumulate), never an n x n matrix.
 * Cosine is symmetric, so client u only accumulates clients v > u and offers the pair to both heaps: half the
 * work. Features held by more than `maxPosting` clients are left out: they do not tell tastes apart and their
 * postings would make the pass quadratic. With `shrinkage` > 0 a similarity is scaled by
 * shared/(shared + shrinkage), shared = features in common (measured on Beauty: no gain, so 0 by default).
 */

export function clientPostings(profiles: Csr, featureCount: number): Csr {
  return transpose(profiles, featureCount);
}

/**
 * The longest posting a feature may have and still count. The cut only exists to keep large clienteles fast:
 * below `alwaysKeptHolders` holders a feature always counts, so a boutique's shared tastes (held by a few dozen or
 * hundred clients) are never dropped.
 */
export function maxPostingLength(profiledClients: number, commonShare: number): number {
  return Math.max(alwaysKeptHolders, Math.floor(profiledClients * commonShare));
}

/** A feature held by up to this many clients always counts towards similarity. */
export const alwaysKeptHolders = 1000;

/** Seed of the per-client tie-break keys of the similarity graph (a full run and an incremental update share it). */
export const neighbourTieSeed = 0x2545f491;

/** Per-client bounded heaps (worst kept pair at each row's root), all in flat typed arrays. */
export class NeighbourHeaps {
  private readonly ids: Uint32Array;
  private readonly sims: Float32Array;
  private readonly sizes: Uint16Array;
  /** Per row, the similarity a newcomer must reach to be considered (the root's once the heap is full). */
  readonly floors: Float32Array;

  constructor(
    readonly clients: number,
    readonly k: number,
    private readonly tieKey: Float32Array,
  ) {
    this.ids = new Uint32Array(clients * k);
    this.sims = new Float32Array(clients * k);
    this.sizes = new Uint16Array(clients);
    this.floors = new Float32Array(clients).fill(-Infinity);
  }

  private worse(sa: number, a: number, sb: number, b: number): boolean {
    return sa < sb || (sa === sb && this.tieKey[a]! < this.tieKey[b]!);
  }

  offer(row: number, client: number, sim: number): void {
    const { k, ids, sims } = this;
    if (k === 0) return;
    const base = row * k;
    const size = this.sizes[row]!;
    if (size < k) {
      let i = size;
      this.sizes[row] = size + 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(sim, client, sims[base + parent]!, ids[base + parent]!)) break;
        ids[base + i] = ids[base + parent]!;
        sims[base + i] = sims[base + parent]!;
        i = parent;
      }
      ids[base + i] = client;
      sims[base + i] = sim;
      if (size + 1 === k) this.floors[row] = sims[base]!;
      return;
    }
    if (!this.worse(sims[base]!, ids[base]!, sim, client)) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= k) break;
      let child = left;
      const right = left + 1;
      if (
        right < k &&
        this.worse(sims[base + right]!, ids[base + right]!, sims[base + left]!, ids[base + left]!)
      )
        child = right;
      if (!this.worse(sims[base + child]!, ids[base + child]!, sim, client)) break;
      ids[base + i] = ids[base + child]!;
      sims[base + i] = sims[base + child]!;
      i = child;
    }
    ids[base + i] = client;
    sims[base + i] = sim;
    this.floors[row] = sims[base]!;
  }

  /** Every row's neighbours, most similar first. */
  toCsr(): Csr {
    const out = new CsrBuilder(
      this.clients,
      this.sizes.reduce((a, b) => a + b, 0),
    );
    const order: number[] = [];
    for (let row = 0; row < this.clients; row++) {
      const base = row * this.k;
      const size = this.sizes[row]!;
      order.length = 0;
      for (let i = 0; i < size; i++) order.push(base + i);
      order.sort((a, b) =>
        this.worse(this.sims[a]!, this.ids[a]!, this.sims[b]!, this.ids[b]!)
          ? 1
          : this.worse(this.sims[b]!, this.ids[b]!, this.sims[a]!, this.ids[a]!)
            ? -1
            : 0,
      );
      for (const at of order) out.push(this.ids[at]!, Math.min(1, this.sims[at]!));
      out.endRow();
    }
    return out.build();
  }
}

export interface NeighbourScratch {
  readonly acc: Accumulator;
  readonly shared: Uint16Array;
  /** Per feature, the first posting entry not yet passed (postings are in client order). */
  readonly cursor: Uint32Array;
}

export function neighbourScratch(clientCount: number, postings: Csr): NeighbourScratch {
  return {
    acc: new Accumulator(clientCount),
    shared: new Uint16Array(clientCount),
    cursor: postings.offsets.slice(0, postings.rows),
  };
}

/** Similarities of clients [from, to) with every later client, offered to both sides' heaps. Call in order. */
export function neighboursBatch(
  profiles: Csr,
  postings: Csr,
  maxPosting: number,
  shrinkage: number,
  from: number,
  to: number,
  scratch: NeighbourScratch,
  heaps: NeighbourHeaps,
): void {
  const { acc, shared, cursor } = scratch;
  const sums = acc.values;
  const seen = acc.seen;
  const touched = acc.touched;
  const pCols = postings.cols;
  const pValues = postings.values;
  const countShared = shrinkage > 0;
  const floors = heaps.floors;
  for (let u = from; u < to; u++) {
    let count = 0;
    for (let k = profiles.offsets[u]!; k < profiles.offsets[u + 1]!; k++) {
      const f = profiles.cols[k]!;
      const end = postings.offsets[f + 1]!;
      // u itself is in this posting: start after it.
      let start = cursor[f]!;
      while (start < end && pCols[start]! <= u) start++;
      cursor[f] = start;
      if (end - postings.offsets[f]! > maxPosting) continue;
      const wu = profiles.values[k]!;
      for (let p = start; p < end; p++) {
        const v = pCols[p]!;
        if (seen[v] === 0) {
          seen[v] = 1;
          touched[count++] = v;
        }
        sums[v]! += wu * pValues[p]!;
        if (countShared) shared[v]!++;
      }
    }
    acc.count = count;
    for (let t = 0; t < count; t++) {
      const v = touched[t]!;
      let sim = sums[v]!;
      if (countShared) {
        const n = shared[v]!;
        sim *= n / (n + shrinkage);
        shared[v] = 0;
      }
      // Most pairs fall below both heaps' floors: checking inline saves the calls.
      if (sim > 1e-6) {
        if (sim >= floors[u]!) heaps.offer(u, v, sim);
        if (sim >= floors[v]!) heaps.offer(v, u, sim);
      }
    }
    acc.clear();
  }
}
