import { describe, expect, it } from 'vitest';
import { Accumulator, CsrBuilder, TopK, hashKeys, transpose } from '../../../core/engine/sparse.js';

describe('TopK', () => {
  it('keeps the k best, best first, whatever the order they come in', () => {
    const top = new TopK(3);
    for (const [slot, score] of [
      [5, 0.2],
      [1, 0.9],
      [7, 0.5],
      [3, 0.1],
      [9, 0.7],
    ] as const)
      top.offer(slot, score);
    const { slots, scores } = top.drain();
    expect(Array.from(slots)).toEqual([1, 9, 7]);
    expect(Array.from(scores)).toEqual([Math.fround(0.9), Math.fround(0.7), Math.fround(0.5)]);
    expect(top.size).toBe(0);
  });

  it('breaks ties by the tie key, never by the order of offers', () => {
    const keys = Float32Array.from([0.1, 0.9, 0.5, 0.3]);
    const a = new TopK(2, keys);
    const b = new TopK(2, keys);
    for (const s of [0, 1, 2, 3]) a.offer(s, 1);
    for (const s of [3, 2, 1, 0]) b.offer(s, 1);
    expect(Array.from(a.drain().slots)).toEqual([1, 2]);
    expect(Array.from(b.drain().slots)).toEqual([1, 2]);
  });

  it('without a tie key, the lower slot wins a tie; k = 0 keeps nothing', () => {
    const top = new TopK(2);
    for (const s of [4, 2, 8]) top.offer(s, 1);
    expect(Array.from(top.drain().slots)).toEqual([2, 4]);
    const none = new TopK(0);
    none.offer(1, 1);
    expect(none.drain().slots.length).toBe(0);
  });
});

describe('Accumulator', () => {
  it('sums per slot, remembers touched slots and clears them (few or many)', () => {
    const acc = new Accumulator(16);
    acc.add(3, 0.5);
    acc.add(3, 0.25);
    acc.add(10, 2);
    expect(acc.count).toBe(2);
    expect(Array.from(acc.touched.subarray(0, 2))).toEqual([3, 10]);
    expect(acc.values[3]).toBe(0.75);
    expect(acc.max()).toBe(2);
    acc.clear();
    expect(acc.count).toBe(0);
    expect(acc.values.every((v) => v === 0)).toBe(true);
    for (let i = 0; i < 16; i++) acc.add(i, i);
    acc.clear();
    expect(acc.values.every((v) => v === 0) && acc.seen.every((v) => v === 0)).toBe(true);
  });
});

describe('CSR', () => {
  it('builds rows and transposes them exactly', () => {
    const b = new CsrBuilder(3, 1);
    b.push(2, 1);
    b.push(0, 2);
    b.endRow();
    b.endRow();
    b.push(2, 3);
    const m = b.build();
    expect(Array.from(m.offsets)).toEqual([0, 2, 2, 3]);
    const t = transpose(m, 3);
    expect(Array.from(t.offsets)).toEqual([0, 1, 1, 3]);
    expect(Array.from(t.cols)).toEqual([0, 0, 2]);
    expect(Array.from(t.values)).toEqual([2, 1, 3]);
  });

  it('hash keys are fixed, in [0, 1) and not ordered like the ids', () => {
    const a = hashKeys(1000);
    expect(Array.from(a)).toEqual(Array.from(hashKeys(1000)));
    expect(a.every((k) => k >= 0 && k < 1)).toBe(true);
    let ascending = 0;
    for (let i = 1; i < a.length; i++) if (a[i]! > a[i - 1]!) ascending++;
    expect(ascending).toBeGreaterThan(400);
    expect(ascending).toBeLessThan(600);
  });
});
