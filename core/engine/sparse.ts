/**
 * Small sparse-matrix tools over typed arrays: CSR rows, a dense accumulator that remembers which slots it
 * touched (so clearing costs the touched count, not the dimension), and top-k selection with a binary heap.
 */

/** A CSR matrix: row r owns [offsets[r], offsets[r+1]) of cols/values. */
export interface Csr {
  readonly rows: number;
  readonly offsets: Uint32Array;
  readonly cols: Uint32Array;
  readonly values: Float32Array;
}

export function emptyCsr(rows: number): Csr {
  return { rows, offsets: new Uint32Array(rows + 1), cols: new Uint32Array(0), values: new Float32Array(0) };
}

/** Transposes a CSR matrix (rows x cols -> cols x rows), keeping row order inside each output row. */
export function transpose(m: Csr, cols: number): Csr {
  const offsets = new Uint32Array(cols + 1);
  for (let k = 0; k < m.cols.length; k++) offsets[m.cols[k]! + 1]!++;
  for (let c = 0; c < cols; c++) offsets[c + 1]! += offsets[c]!;
  const fill = offsets.slice(0, cols);
  const outCols = new Uint32Array(m.cols.length);
  const outValues = new Float32Array(m.cols.length);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.offsets[r]!; k < m.offsets[r + 1]!; k++) {
      const at = fill[m.cols[k]!]!++;
      outCols[at] = r;
      outValues[at] = m.values[k]!;
    }
  }
  return { rows: cols, offsets, cols: outCols, values: outValues };
}

/** Appends rows one at a time (each row's entries given by the caller), growing the flat arrays as needed. */
export class CsrBuilder {
  private cols: Uint32Array;
  private values: Float32Array;
  private readonly offsets: Uint32Array;
  private row = 0;
  private size = 0;

  constructor(
    private readonly rows: number,
    capacity = 1024,
  ) {
    this.offsets = new Uint32Array(rows + 1);
    this.cols = new Uint32Array(Math.max(16, capacity));
    this.values = new Float32Array(Math.max(16, capacity));
  }

  push(col: number, value: number): void {
    if (this.size === this.cols.length) {
      const cols = new Uint32Array(this.size * 2);
      cols.set(this.cols);
      this.cols = cols;
      const values = new Float32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    this.cols[this.size] = col;
    this.values[this.size] = value;
    this.size++;
  }

  /** Closes the current row. */
  endRow(): void {
    this.row++;
    this.offsets[this.row] = this.size;
  }

  build(): Csr {
    while (this.row < this.rows) this.endRow();
    return {
      rows: this.rows,
      offsets: this.offsets,
      cols: this.cols.slice(0, this.size),
      values: this.values.slice(0, this.size),
    };
  }
}

/** A dense float vector that tracks its non-zero slots; `clear` resets only those. */
export class Accumulator {
  readonly values: Float32Array;
  readonly touched: Uint32Array;
  /** 1 for a touched slot; read by the hot loops that inline `add`. */
  readonly seen: Uint8Array;
  count = 0;

  constructor(readonly size: number) {
    this.values = new Float32Array(size);
    this.touched = new Uint32Array(size);
    this.seen = new Uint8Array(size);
  }

  add(slot: number, value: number): void {
    if (this.seen[slot] === 0) {
      this.seen[slot] = 1;
      this.touched[this.count++] = slot;
    }
    this.values[slot]! += value;
  }

  max(): number {
    let best = 0;
    for (let k = 0; k < this.count; k++) {
      const v = this.values[this.touched[k]!]!;
      if (v > best) best = v;
    }
    return best;
  }

  scale(factor: number): void {
    for (let k = 0; k < this.count; k++) this.values[this.touched[k]!]! *= factor;
  }

  clear(): void {
    if (this.count > this.size >> 3) {
      // Many slots touched: two memsets beat a scattered loop.
      this.values.fill(0);
      this.seen.fill(0);
    } else {
      for (let k = 0; k < this.count; k++) {
        const slot = this.touched[k]!;
        this.values[slot] = 0;
        this.seen[slot] = 0;
      }
    }
    this.count = 0;
  }
}

/**
 * Keeps the k best (slot, score) pairs seen, ties broken by `tieKey` (higher wins) so the result never depends
 * on the order slots were offered in, nor on the numeric value of an id.
 */
export class TopK {
  readonly slots: Uint32Array;
  readonly scores: Float32Array;
  private readonly keys: Float32Array;
  size = 0;

  constructor(
    readonly k: number,
    private readonly tieKey?: Float32Array,
  ) {
    this.slots = new Uint32Array(k);
    this.scores = new Float32Array(k);
    this.keys = new Float32Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  /** True when (sa, ka) ranks below (sb, kb). */
  private static worse(sa: number, ka: number, sb: number, kb: number): boolean {
    return sa < sb || (sa === sb && ka < kb);
  }

  offer(slot: number, score: number): void {
    if (this.k === 0) return;
    const key = this.tieKey ? this.tieKey[slot]! : -slot;
    if (this.size < this.k) {
      let i = this.size++;
      // sift up (min-heap: the worst kept pair at the root)
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopK.worse(score, key, this.scores[parent]!, this.keys[parent]!)) break;
        this.slots[i] = this.slots[parent]!;
        this.scores[i] = this.scores[parent]!;
        this.keys[i] = this.keys[parent]!;
        i = parent;
      }
      this.slots[i] = slot;
      this.scores[i] = score;
      this.keys[i] = key;
      return;
    }
    if (!TopK.worse(this.scores[0]!, this.keys[0]!, score, key)) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      let child = left;
      if (
        right < this.size &&
        TopK.worse(this.scores[right]!, this.keys[right]!, this.scores[left]!, this.keys[left]!)
      )
        child = right;
      if (!TopK.worse(this.scores[child]!, this.keys[child]!, score, key)) break;
      this.slots[i] = this.slots[child]!;
      this.scores[i] = this.scores[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.slots[i] = slot;
    this.scores[i] = score;
    this.keys[i] = key;
  }

  /** The kept slots, best first (the heap is consumed): repeatedly moves the worst kept pair to the end. */
  drain(): { slots: Uint32Array; scores: Float32Array } {
    const n = this.size;
    const slots = new Uint32Array(n);
    const scores = new Float32Array(n);
    for (let end = n - 1; end >= 0; end--) {
      slots[end] = this.slots[0]!;
      scores[end] = this.scores[0]!;
      // Move the last heap entry to the root and sift it down within [0, end).
      const slot = this.slots[end]!;
      const score = this.scores[end]!;
      const key = this.keys[end]!;
      this.size = end;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= end) break;
        const right = left + 1;
        let child = left;
        if (
          right < end &&
          TopK.worse(this.scores[right]!, this.keys[right]!, this.scores[left]!, this.keys[left]!)
        )
          child = right;
        if (!TopK.worse(this.scores[child]!, this.keys[child]!, score, key)) break;
        this.slots[i] = this.slots[child]!;
        this.scores[i] = this.scores[child]!;
        this.keys[i] = this.keys[child]!;
        i = child;
      }
      if (end > 0) {
        this.slots[i] = slot;
        this.scores[i] = score;
        this.keys[i] = key;
      }
    }
    this.size = 0;
    return { slots, scores };
  }
}

/** A fixed pseudo-random key per slot (splitmix-style hash), for tie-breaks that carry no id information. */
export function hashKeys(n: number, seed = 0x9e3779b9): Float32Array {
  const keys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let x = (i + seed) | 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x ^= x >>> 16;
    keys[i] = (x >>> 0) / 4294967296;
  }
  return keys;
}
