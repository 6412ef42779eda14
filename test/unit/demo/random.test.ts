import { describe, expect, it } from 'vitest';
import { createRandom, stageRandom } from '../../../core/demo/random.js';

/** The published algorithms, written out independently: splitmix32 seeds sfc32 (bryc's PRNG collection). */
function referenceStream(seed: number, count: number): number[] {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix() | 0;
  let b = splitmix() | 0;
  let c = splitmix() | 0;
  let d = splitmix() | 0;
  const sfc32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) sfc32();
  return Array.from({ length: count }, sfc32);
}

describe('demo randomness', () => {
  it('is sfc32 seeded by splitmix32, as published', () => {
    for (const seed of [0, 1, 42, 0xffffffff]) {
      const random = createRandom(seed);
      const ours = Array.from({ length: 200 }, () => random.next() * 4294967296);
      expect(ours).toEqual(referenceStream(seed, 200));
    }
  });

  it('gives the same first draws for seed 1 on every machine', () => {
    const random = createRandom(1);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.4256499295588583, 0.79042171058245, 0.6910148127935827,
    ]);
    const zero = createRandom(0);
    expect([0, 1, 2].map(() => zero.next() * 4294967296)).toEqual([4205396811, 3543653536, 1222415357]);
  });

  it('keeps integers, picks and samples within bounds', () => {
    const random = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = random.between(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    const sample = random.sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect(new Set(sample).size).toBe(3);
    expect(random.sample(['a', 'b'], 5).sort()).toEqual(['a', 'b']);
    expect(random.shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(() => random.weighted(['a'], () => 0)).toThrow(RangeError);
  });

  it('follows the weights it is given', () => {
    const random = createRandom(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++)
      counts[random.weighted(['a', 'b', 'c'] as const, (_, k) => [1, 3, 0][k]!)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
  });

  it('gives each stage of a seed its own reproducible stream', () => {
    const draws = (seed: number, stage: string): number[] => {
      const random = stageRandom(seed, stage);
      return [random.next(), random.next(), random.next()];
    };
    expect(draws(5, 'catalog')).toEqual(draws(5, 'catalog'));
    expect(draws(5, 'catalog')).not.toEqual(draws(5, 'clients'));
    expect(draws(5, 'catalog')).not.toEqual(draws(6, 'catalog'));
  });
});
