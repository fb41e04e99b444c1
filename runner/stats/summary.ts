/**
 * Per-cell summary: how many trials, their median with a bootstrap interval, and how
 * much they varied.
 */
import { bootstrapCi, type BootstrapOptions, type Interval } from './bootstrap.js';
import { coefficientOfVariation, median } from './describe.js';

export interface CellSummary {
  /** Number of (valid) trials summarised. */
  n: number;
  /** The median with its percentile bootstrap interval (see `bootstrapCi` for n ≤ 1). */
  median: Interval;
  /** Coefficient of variation as a fraction; `NaN` for fewer than two trials. */
  cv: number;
}

/** Summarises one cell's per-trial values of one metric (e.g. req/s over the rounds). */
export function summarize(samples: readonly number[], options: BootstrapOptions): CellSummary {
  return {
    n: samples.length,
    median: bootstrapCi(samples, median, options),
    cv: coefficientOfVariation(samples),
  };
}
