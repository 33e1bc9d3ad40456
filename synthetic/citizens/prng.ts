/**
 * A seeded pseudo-random generator for the synthetic population: xoshiro128**
 * (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018)
 * with its state filled by splitmix32. Math.random cannot be seeded, and any
 * floating-point trick would tie the output to the engine; this uses only
 * 32-bit integer arithmetic (Math.imul, shifts), so a seed gives the same
 * sequence on every machine and every Node version.
 */
export interface Prng {
  /** A uniform integer in [0, 2^32). */
  uint32(): number;
  /** A uniform integer in [0, n), without modulo bias (n ≤ 2^32). */
  below(n: number): number;
  /** A uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability `numerator / denominator` (integers keep it exact). */
  chance(numerator: number, denominator: number): boolean;
}

/** A string seed becomes a number through FNV-1a (32-bit), over UTF-16 code units. */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export function createPrng(seed: number | string): Prng {
  let mix = seedNumber(seed);
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return createPrngFromState([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
}

/** xoshiro128** from an explicit 128-bit state (not all zero); exported so the published test vector can be checked. */
export function createPrngFromState(state: readonly [number, number, number, number]): Prng {
  let [s0, s1, s2, s3] = state;
  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const below = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n}): n must be an integer in [1, 2^32]`);
    // Rejection sampling: drop the top partial bucket so every residue is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const r = uint32();
      if (r < limit) return r % n;
    }
  };

  return {
    uint32,
    below,
    between: (min, max) => min + below(max - min + 1),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[below(items.length)]!;
    },
    chance: (numerator, denominator) => below(denominator) < numerator,
  };
}

/** Fisher–Yates, in place, driven by `prng` (so the permutation is seeded too). */
export function shuffle<T>(prng: Prng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.below(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
