/**
 * Small, fast and well mixed (Tommy Ettinger's mulberry32): a uniform 32-bit integer per call. The one seeded
 * generator of the engine and the evaluation (the ranker's sampling, bootstrap resamples), so a seed means
 * the same draws everywhere.
 */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
