/**
 * How a derived figure — a ratio to node:http, a validation overhead — is read before it is
 * shown: an effect with its paired interval; "within noise" when that interval includes no
 * effect at all (zero; a ratio of 1), so no sign is claimed; or "too few pairs" when fewer
 * than {@link MIN_PAIRS} paired rounds stand behind it, so no interval is claimed either.
 * Every format (terminal, markdown, HTML, CSV, charts) reads figures through here.
 */
import { MIN_PAIRS } from '../shared/results/cells.js';
import type { Estimate } from '../shared/results/schema.js';
import { DASH, formatEstimate, formatNumber, formatRange, formatSigned } from './table.js';

export { MIN_PAIRS };

/** A summary flag by which the summariser may say a cell's pairs are too few. */
export const TOO_FEW_PAIRS_FLAG = 'too-few-pairs';

export type EffectReading =
  | { kind: 'effect'; value: Estimate; pairs: number | undefined }
  | { kind: 'within-noise'; value: Estimate; pairs: number | undefined; bound: number }
  | { kind: 'too-few-pairs'; value: Estimate; pairs: number };

/** The pair count an estimate carries (`n` or `pairs`), when the summariser recorded one. */
export function recordedPairs(e: Estimate): number | undefined {
  const counts = e as { n?: unknown; pairs?: unknown };
  for (const n of [counts.pairs, counts.n]) if (typeof n === 'number') return n;
  return undefined;
}

/**
 * Reads an effect whose "no effect" value is `zero`. The paired rounds behind it: the count
 * the estimate records (`n`) when it has one, else `pairs` (counted from the trials), and a
 * `too-few-pairs` flag among the cell's `flags` when the estimate records none.
 */
export function readEffect(
  value: Estimate,
  options: { zero?: number; pairs?: number | undefined; flags?: readonly string[] } = {},
): EffectReading {
  const zero = options.zero ?? 0;
  const recorded = recordedPairs(value);
  const pairs = recorded ?? options.pairs;
  // A count the estimate records is about this figure; the cell's flag may be about another.
  const flagged = recorded === undefined && options.flags?.includes(TOO_FEW_PAIRS_FLAG) === true;
  if ((pairs !== undefined && pairs < MIN_PAIRS) || flagged) {
    return { kind: 'too-few-pairs', value, pairs: pairs ?? 0 };
  }
  if (value.low <= zero && zero <= value.high) {
    const bound = Math.max(Math.abs(value.low - zero), Math.abs(value.high - zero));
    return { kind: 'within-noise', value, pairs, bound };
  }
  return { kind: 'effect', value, pairs };
}

/** `too few pairs (n=2)`. */
export function tooFewPairsText(pairs: number): string {
  return `too few pairs (n=${pairs})`;
}

/** `within noise (±8.7 µs CPU/req)`: the largest effect, either way, the interval allows. */
export function withinNoiseText(bound: string, unit: string): string {
  return `within noise (±${bound}${unit})`;
}

/** `+4.7 µs CPU/req (+4.5 to +4.8)`, or within noise, or too few pairs. */
export function signedEffectText(reading: EffectReading, digits: number, unit: string): string {
  if (reading.kind === 'too-few-pairs') return tooFewPairsText(reading.pairs);
  if (reading.kind === 'within-noise')
    return withinNoiseText(formatNumber(reading.bound, digits), unit);
  const e = reading.value;
  const range = formatRange(formatSigned(e.low, digits), formatSigned(e.high, digits));
  return `${formatSigned(e.estimate, digits)}${unit} (${range})`;
}

/**
 * A ratio: `0.62× (0.60–0.64)`; `within noise (±8 %)` when its interval includes 1 (the
 * bound in % of the baseline); too few pairs; `—` without one.
 */
export function ratioEffectText(reading: EffectReading | undefined): string {
  if (!reading) return DASH;
  if (reading.kind === 'too-few-pairs') return tooFewPairsText(reading.pairs);
  if (reading.kind === 'within-noise') {
    const percent = reading.bound * 100;
    return withinNoiseText(formatNumber(percent, percent < 10 ? 1 : 0), ' %');
  }
  return formatEstimate(reading.value, (n) => formatNumber(n, 2), '×');
}
