/**
 * Seeded pseudo-random numbers for the statistics module.
 *
 * Every function here that draws random numbers takes an {@link Rng}; nothing calls
 * `Math.random`, so a seed fully determines bootstrap intervals and verdicts.
 */

/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;

function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`Expected the seed to be a safe integer, got ${String(seed)}`);
  }
}

/**
 * Creates a seeded generator (mulberry32, Tommy Ettinger's 32-bit generator): small,
 * fast and plenty for resampling. Not for cryptography.
 *
 * Only the low 32 bits of `seed` are used, so seeds that differ by a multiple of 2^32
 * give the same stream.
 *
 * @param seed - any safe integer
 * @returns a function returning uniform numbers in [0, 1); the same seed gives the same sequence
 */
export function createRng(seed: number): Rng {
  assertSeed(seed);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent-looking seed for a named sub-stream (FNV-1a over the label,
 * mixed with the seed), so that e.g. each compared cell gets its own stream and adding
 * or removing a cell does not change the others' intervals.
 *
 * @returns an unsigned 32-bit integer
 */
export function deriveSeed(seed: number, label: string): number {
  assertSeed(seed);
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Fold in the high bits of large seeds too.
  hash ^= Math.floor(seed / 4294967296) >>> 0;
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
}

/** A uniform integer in [0, n), for n ≥ 1. */
export function randomIndex(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}
