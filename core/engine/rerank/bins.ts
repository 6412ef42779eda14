/**
 * Histogram bins for the tree learner: per feature, up to `maxBins` - 1 cut points at quantiles of the
 * training values (distinct values only), and every row's value replaced by its bin (one byte). A split
 * "bin <= b" is the raw test "value <= cuts[b]", so a trained tree reads raw features at prediction time.
 */
export interface Bins {
  readonly width: number;
  /** Feature f's cuts are cuts[offsets[f] .. offsets[f+1]), ascending. */
  readonly offsets: Uint32Array;
  readonly cuts: Float32Array;
}

/** Rows sampled (evenly spaced) to place the cuts: quantiles need no more. */
const sampleRows = 50_000;

export function buildBins(features: Float32Array, width: number, maxBins: number): Bins {
  const rows = features.length / width;
  const step = Math.max(1, Math.floor(rows / sampleRows));
  const taken = Math.ceil(rows / step);
  const column = new Float32Array(taken);
  const offsets = new Uint32Array(width + 1);
  const all: number[] = [];
  for (let f = 0; f < width; f++) {
    for (let r = 0, k = 0; r < rows; r += step) column[k++] = features[r * width + f]!;
    column.sort();
    const cuts: number[] = [];
    for (let b = 1; b < maxBins; b++) {
      const v = column[Math.min(taken - 1, Math.floor((b * taken) / maxBins))]!;
      if (cuts.length === 0 || v > cuts[cuts.length - 1]!) cuts.push(v);
    }
    // The largest value needs no cut: everything at or above the last cut is the last bin.
    if (cuts.length > 0 && cuts[cuts.length - 1]! >= column[taken - 1]!) cuts.pop();
    all.push(...cuts);
    offsets[f + 1] = all.length;
  }
  return { width, offsets, cuts: Float32Array.from(all) };
}

/** Row-major bins (rows x width): bin b of feature f holds values in (cuts[b-1], cuts[b]]. */
export function binRows(bins: Bins, features: Float32Array): Uint8Array {
  const { width, offsets, cuts } = bins;
  const out = new Uint8Array(features.length);
  const rows = features.length / width;
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < width; f++) {
      const x = features[r * width + f]!;
      let lo = offsets[f]!;
      let hi = offsets[f + 1]!;
      const start = lo;
      // The first cut >= x.
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cuts[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      out[r * width + f] = lo - start;
    }
  return out;
}
