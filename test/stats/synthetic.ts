/** Seeded synthetic measurements for the statistics tests. */
import type { Rng } from '../../runner/stats/random.js';

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** n normal draws with the given mean and standard deviation. */
export function normalSample(rng: Rng, n: number, mean: number, sd: number): number[] {
  return Array.from({ length: n }, () => mean + sd * standardNormal(rng));
}

/**
 * n lognormal draws with the given median and coefficient of variation — the shape of
 * benchmark noise (positive, right-skewed): σ = √ln(1 + cv²), value = median·e^(σ·z).
 */
export function lognormalSample(rng: Rng, n: number, median: number, cv: number): number[] {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Array.from({ length: n }, () => median * Math.exp(sigma * standardNormal(rng)));
}
