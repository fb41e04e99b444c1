/**
 * Validation overhead: the same stack with request validation on (e.g. zod) versus off,
 * measured in the same rounds, so both measures are paired by round.
 */
import {
  pairedDifferenceCi,
  pairedRatioCi,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.js';

/** Per-round values of one variant, index i = round i. */
export interface RoundSeries {
  /** Server CPU time (user + system) per request, in µs. */
  cpuUsPerRequest: readonly number[];
  /** Throughput, in requests per second. */
  requestsPerSecond: readonly number[];
}

export interface ValidationOverhead {
  /** Extra CPU µs per request with validation: median over rounds of (on − off). */
  cpuUsPerRequest: Interval;
  /**
   * Throughput lost to validation, in percent: 100 · (1 − median over rounds of
   * (on / off)). Positive means validation costs throughput.
   */
  throughputLossPercent: Interval;
}

/**
 * Validation overhead with bootstrap intervals, both paired by round. The throughput
 * interval is the paired ratio interval mapped through x ↦ 100·(1 − x), so its bounds
 * swap: low = 100·(1 − ratio.high).
 *
 * @throws RangeError when the series differ in length, or a value is invalid
 *   (see `pairedRatioCi` / `pairedDifferenceCi`)
 */
export function validationOverhead(
  validated: RoundSeries,
  unvalidated: RoundSeries,
  options: BootstrapOptions,
): ValidationOverhead {
  const cpuUsPerRequest = pairedDifferenceCi(
    validated.cpuUsPerRequest,
    unvalidated.cpuUsPerRequest,
    options,
  );
  const ratio = pairedRatioCi(validated.requestsPerSecond, unvalidated.requestsPerSecond, options);
  const toLoss = (x: number): number => 100 * (1 - x);
  return {
    cpuUsPerRequest,
    throughputLossPercent: {
      estimate: toLoss(ratio.estimate),
      low: toLoss(ratio.high),
      high: toLoss(ratio.low),
    },
  };
}
