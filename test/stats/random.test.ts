import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, randomIndex } from '../../runner/stats/random.js';

const draw = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng());
};

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(1, 10)).not.toEqual(draw(2, 10));
  });

  it('returns numbers in [0, 1) spread over the interval', () => {
    const values = draw(7, 10_000);
    expect(values.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // The mean of 10 000 uniforms has sd ≈ 0.0029; ±0.02 is a lopsided margin.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    // Every tenth of [0, 1) gets a share (expected 1000 each).
    const deciles = new Array<number>(10).fill(0);
    for (const x of values) deciles[Math.floor(x * 10)]! += 1;
    expect(Math.min(...deciles)).toBeGreaterThan(850);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => createRng(1.5)).toThrow(/Expected the seed to be a safe integer, got 1.5/);
    expect(() => createRng(Number.NaN)).toThrow(TypeError);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and separates labels and seeds', () => {
    expect(deriveSeed(1, 'fastify/rps')).toBe(deriveSeed(1, 'fastify/rps'));
    expect(deriveSeed(1, 'fastify/rps')).not.toBe(deriveSeed(1, 'express/rps'));
    expect(deriveSeed(1, 'fastify/rps')).not.toBe(deriveSeed(2, 'fastify/rps'));
  });
});

describe('randomIndex', () => {
  it('stays in range even for a source that returns its upper bound', () => {
    expect(randomIndex(() => 0.999_999_999_999, 5)).toBe(4);
    expect(randomIndex(() => 1, 5)).toBe(4);
    expect(randomIndex(() => 0, 5)).toBe(0);
  });
});
