import { describe, expect, it } from 'vitest';
import {
  pairedBootstrap,
  perUserAt10,
  quantile,
  seededUint32,
  versusReference,
} from '../../../core/eval/bootstrap.js';

const options = { resamples: 500, seed: 3, confidence: 0.95 };

/** Ranks 0..30 drawn from a fixed seed: users whose targets land anywhere, some in the top 10, some not. */
function someRanks(n: number, seed: number): Int32Array {
  const next = seededUint32(seed);
  return Int32Array.from({ length: n }, () => next() % 31);
}

describe('paired bootstrap intervals', () => {
  it('give [0, 0] for two identical systems', () => {
    const ranks = someRanks(300, 1);
    const [same] = versusReference(ranks, [Int32Array.from(ranks)], options);
    for (const metric of ['HR@10', 'NDCG@10'] as const)
      expect(same![metric]).toEqual({ difference: 0, low: 0, high: 0, standardError: 0 });
  });

  it('give exactly the shift when every user moves by the same amount, however much users vary', () => {
    // Every user a hit for the reference, a miss for the method: HR@10 is 1 lower for each of them.
    const hits = new Int32Array(250);
    const misses = new Int32Array(250).fill(10);
    const [worse] = versusReference(hits, [misses], options);
    expect(worse!['HR@10']).toEqual({ difference: -1, low: -1, high: -1, standardError: 0 });
    // One rank lower for everyone (first to second): NDCG@10 falls by 1 - 1/log2(3) for each user.
    const [second] = versusReference(hits, [new Int32Array(250).fill(1)], options);
    const shift = 1 / Math.log2(3) - 1;
    expect(second!['NDCG@10'].difference).toBeCloseTo(shift, 12);
    expect(second!['NDCG@10'].low).toBeCloseTo(shift, 12);
    expect(second!['NDCG@10'].high).toBeCloseTo(shift, 12);
    expect(second!['HR@10']).toEqual({ difference: 0, low: 0, high: 0, standardError: 0 });
    // Paired: per-user scores that vary widely but differ by exactly 0.25 give an interval of width 0 (an
    // unpaired interval would be as wide as the users' spread).
    const base = Array.from({ length: 400 }, (_, u) => (u % 7) / 8);
    const shifted = pairedBootstrap([base.map(() => 0.25)], options)[0]!;
    expect(shifted).toEqual({ difference: 0.25, low: 0.25, high: 0.25, standardError: 0 });
  });

  it('match the binomial spread on a case worked by hand', () => {
    // Half the users gain 1, half nothing: the resampled mean is Binomial(400, 1/2) / 400, standard error
    // sqrt(0.25 / 400) = 0.025, 95 % interval about 0.5 -+ 1.96 x 0.025 = [0.451, 0.549].
    const d = Array.from({ length: 400 }, (_, u) => (u % 2 === 0 ? 1 : 0));
    const [i] = pairedBootstrap([d], { resamples: 4000, seed: 11, confidence: 0.95 });
    expect(i!.difference).toBe(0.5);
    expect(i!.standardError).toBeGreaterThan(0.0235);
    expect(i!.standardError).toBeLessThan(0.0265);
    expect(i!.low).toBeGreaterThan(0.44);
    expect(i!.low).toBeLessThan(0.46);
    expect(i!.high).toBeGreaterThan(0.54);
    expect(i!.high).toBeLessThan(0.56);
  });

  it('read method minus reference, and are the same for the same seed', () => {
    const reference = someRanks(500, 2);
    // The method misses where the reference's hits are at ranks 5-9: never better, sometimes worse.
    const method = reference.map((r) => (r >= 5 && r < 10 ? 10 : r));
    const [a] = versusReference(reference, [method], options);
    expect(a!['HR@10'].difference).toBeLessThan(0);
    expect(a!['HR@10'].high).toBeLessThanOrEqual(0);
    expect(a!['HR@10'].low).toBeLessThan(a!['HR@10'].difference);
    const [again] = versusReference(reference, [method], options);
    expect(again).toEqual(a);
    const [otherSeed] = versusReference(reference, [method], { ...options, seed: 4 });
    expect(otherSeed!['HR@10'].difference).toBe(a!['HR@10'].difference);
    expect(otherSeed!['HR@10'].low).not.toBe(a!['HR@10'].low);
  });

  it('refuse vectors of unequal length', () => {
    expect(() => pairedBootstrap([[1, 2], [1]], options)).toThrow(/unequal length/);
    expect(() => versusReference([0, 1], [[0]], options)).toThrow(/unequal length/);
    expect(pairedBootstrap([], options)).toEqual([]);
  });
});

describe('what the intervals are made of', () => {
  it('per-user HR@10 and NDCG@10 from ranks, and quantiles between order statistics', () => {
    const { hr10, ndcg10 } = perUserAt10([0, 1, 9, 10]);
    expect(Array.from(hr10)).toEqual([1, 1, 1, 0]);
    expect(Array.from(ndcg10)).toEqual([1, 1 / Math.log2(3), 1 / Math.log2(11), 0]);
    const sorted = Float64Array.from([0, 1, 2, 3, 4]);
    expect(quantile(sorted, 0)).toBe(0);
    expect(quantile(sorted, 0.5)).toBe(2);
    expect(quantile(sorted, 0.125)).toBe(0.5);
    expect(quantile(sorted, 1)).toBe(4);
  });
});
