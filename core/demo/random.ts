/**
 * The demo boutique's own seeded randomness. Math.random is never used: the same seed must give the same
 * boutique on every machine and Node version, so the engine's tests can rely on its planted structure.
 * sfc32 (Chris Doty-Humphrey's small fast counter) seeded through splitmix32: fast, 32-bit integer only,
 * and good enough statistically for a catalogue and a client book.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** Picks by non-negative weights; at least one must be positive. */
  weighted<T>(list: readonly T[], weight: (value: T, index: number) => number): T;
  /** k distinct elements, in a random order (all of them when k >= length). */
  sample<T>(list: readonly T[], k: number): T[];
  shuffle<T>(list: readonly T[]): T[];
  /** A standard normal draw (Box-Muller). */
  normal(): number;
  /** An independent stream for one stage, so e.g. the client count never changes the catalogue. */
  fork(label: string): Random;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a label, mixed with the seed: the seed of a forked stream. */
function mixLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Warm-up: the first outputs of sfc32 still carry the structure of the seed.
  for (let i = 0; i < 12; i++) nextUint();

  const random: Random = {
    next: () => nextUint() / 4294967296,
    int: (n) => Math.floor(random.next() * n),
    between: (min, max) => min + random.int(max - min + 1),
    chance: (p) => random.next() < p,
    pick(list) {
      if (list.length === 0) throw new RangeError('cannot pick from an empty list');
      return list[random.int(list.length)]!;
    },
    weighted(list, weight) {
      let total = 0;
      const weights = list.map((v, i) => {
        const w = weight(v, i);
        total += w > 0 ? w : 0;
        return w > 0 ? w : 0;
      });
      if (!(total > 0)) throw new RangeError('no positive weight to pick from');
      let r = random.next() * total;
      for (let i = 0; i < list.length; i++) {
        r -= weights[i]!;
        if (r < 0) return list[i]!;
      }
      // Floating-point leftovers land on the last positive weight.
      for (let i = list.length - 1; i >= 0; i--) if (weights[i]! > 0) return list[i]!;
      throw new RangeError('no positive weight to pick from');
    },
    sample(list, k) {
      return random.shuffle(list).slice(0, Math.max(0, k));
    },
    shuffle(list) {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
    normal() {
      const u = 1 - random.next();
      const v = random.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRandom(mixLabel(nextUint(), label)),
  };
  return random;
}

/** A stream derived from the seed and a stage name only, independent of what other stages drew. */
export function stageRandom(seed: number, stage: string): Random {
  return createRandom(mixLabel(seed >>> 0, stage));
}
