import { describe, expect, it } from 'vitest';
import { cosine, mergeSynonyms } from '../../../core/reasoning/llama/synonyms.js';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('synonym merging', () => {
  it('computes the cosine, 0 for a null vector, and refuses mismatched dimensions', () => {
    expect(cosine(v(1, 0), v(0, 1))).toBe(0);
    expect(cosine(v(3, 4), v(6, 8))).toBeCloseTo(1, 12);
    expect(cosine(v(1, 1), v(1, 0))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine(v(0, 0), v(1, 0))).toBe(0);
    expect(() => cosine(v(1), v(1, 0))).toThrow('vectors of 1 and 2 dimensions');
  });

  it('merges each phrase into the most similar, most held canonical phrase at or above the threshold', () => {
    const pairs = mergeSynonyms(
      [
        { phrase: 'soft calf leather', count: 2, vector: v(0.98, 0.2, 0) },
        { phrase: 'supple calfskin', count: 5, vector: v(1, 0.1, 0) },
        { phrase: 'gold', count: 3, vector: v(0, 0, 1) },
        { phrase: 'yellow gold', count: 1, vector: v(0, 0.15, 1) },
        { phrase: 'leather gold', count: 1, vector: v(0.7, 0, 0.7) },
      ],
      0.95,
    );
    expect(pairs.map((p) => [p.feature, p.canonical])).toEqual([
      ['soft calf leather', 'supple calfskin'],
      ['yellow gold', 'gold'],
    ]);
    expect(pairs[0]!.similarity).toBeCloseTo(0.9947, 3);
    expect(pairs[1]!.similarity).toBeCloseTo(0.9889, 3);
  });

  it('compares only with canonical phrases, so chains of near neighbours do not drift', () => {
    // b is close to a and c is close to b, but c is not close to a: c stays its own phrase.
    const pairs = mergeSynonyms(
      [
        { phrase: 'a', count: 3, vector: v(1, 0) },
        { phrase: 'b', count: 2, vector: v(Math.cos(0.3), Math.sin(0.3)) },
        { phrase: 'c', count: 1, vector: v(Math.cos(0.6), Math.sin(0.6)) },
      ],
      Math.cos(0.35),
    );
    expect(pairs.map((p) => [p.feature, p.canonical])).toEqual([['b', 'a']]);
    expect(() => mergeSynonyms([], 0)).toThrow('threshold must be in (0, 1]');
  });
});
