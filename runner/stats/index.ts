/** Statistics for stackbench: descriptive statistics, bootstrap intervals, rank tests and verdicts. */
export { createRng, deriveSeed, randomIndex, type Rng } from './random.js';
export { coefficientOfVariation, mean, median, quantile, stdev } from './describe.js';
export {
  bootstrapCi,
  pairedDifferenceCi,
  pairedRatioCi,
  ratioOfMediansCi,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.js';
export {
  mannWhitneyU,
  type MannWhitneyMethod,
  type MannWhitneyOptions,
  type MannWhitneyResult,
} from './mann-whitney.js';
export { holm } from './holm.js';
export {
  compareCells,
  verdict,
  MIN_SAMPLES,
  type CellVerdict,
  type CompareCell,
  type CompareOptions,
  type VerdictInput,
  type VerdictKind,
  type VerdictOptions,
  type VerdictResult,
} from './verdict.js';
export { summarize, type CellSummary } from './summary.js';
export { validationOverhead, type RoundSeries, type ValidationOverhead } from './overhead.js';
