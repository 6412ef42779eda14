/** Hit rate and NDCG at 5 and 10 with one target per user, from each user's 0-based rank of the target. */
export interface RankMetrics {
  readonly 'HR@5': number;
  readonly 'HR@10': number;
  readonly 'NDCG@5': number;
  readonly 'NDCG@10': number;
  readonly users: number;
}

export function metricsFromRanks(ranks: ArrayLike<number>): RankMetrics {
  let hr5 = 0;
  let hr10 = 0;
  let ndcg5 = 0;
  let ndcg10 = 0;
  const n = ranks.length;
  for (let u = 0; u < n; u++) {
    const r = ranks[u]!;
    if (r < 10) {
      const gain = 1 / Math.log2(r + 2);
      hr10++;
      ndcg10 += gain;
      if (r < 5) {
        hr5++;
        ndcg5 += gain;
      }
    }
  }
  const mean = (x: number) => (n > 0 ? x / n : 0);
  return { 'HR@5': mean(hr5), 'HR@10': mean(hr10), 'NDCG@5': mean(ndcg5), 'NDCG@10': mean(ndcg10), users: n };
}
