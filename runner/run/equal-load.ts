/**
 * Rate planning for latency at equal offered load, a pure function of the saturated phase's
 * capacities. A closed-model latency is Little's law of its throughput (connections / req/s),
 * so stacks are compared on latency only at the same open-model arrival rate:
 * - basis `slowest`: fractions of the slowest stack's capacity (per scenario and validation),
 *   the same rates for every stack — "at the load I expect, what latency do I get?";
 * - basis `own`: the same fractions of each stack's own capacity — latency at equal
 *   utilisation.
 * A stack whose own rate equals a `slowest` rate (the slowest stack itself) is measured once
 * and carries both labels.
 */

import { EQUAL_LOAD_BASES } from '../results/schema.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { shuffle } from './plan.js';

export { EQUAL_LOAD_BASES };
export type EqualLoadBasis = (typeof EQUAL_LOAD_BASES)[number];

/** A cell's saturated throughput from the run's throughput phase. */
export interface CellCapacity {
  stack: string;
  scenario: string;
  validation: string;
  /** Median saturated req/s (closed model). */
  rps: number;
  /** The server was not saturated (the generator or something else was the limit): `rps` is a floor. */
  floor?: boolean;
}

export interface EqualLoadOptions {
  /** Fractions of a capacity, each in (0, 1], e.g. [0.25, 0.5, 0.75]. */
  fractions: readonly number[];
  /** Which capacities the fractions apply to. */
  bases: readonly EqualLoadBasis[];
  /**
   * The open-model driver's ceiling (req/s it holds on schedule); rates above it are
   * planned but flagged, because the driver, not the server, would set their latency.
   */
  driverCeilingRps?: number;
}

/** One rate to measure for one cell, with every (basis, fraction) it stands for. */
export interface EqualLoadPoint {
  stack: string;
  scenario: string;
  validation: string;
  /** Offered arrival rate, req/s (a whole number ≥ 1). */
  rps: number;
  labels: { basis: EqualLoadBasis; fraction: number }[];
  /** `capacity-floor`: the capacity it derives from is a floor (server not saturated); `above-driver-ceiling`. */
  flags: string[];
}

export interface EqualLoadPlan {
  points: EqualLoadPoint[];
  /** Cells left out, and why (e.g. no valid saturated trial). */
  skipped: { stack: string; scenario: string; validation: string; reason: string }[];
}

/** Where the `slowest` basis is taken: one scenario in one validation mode. */
const groupKey = (c: { scenario: string; validation: string }) => `${c.scenario}|${c.validation}`;

/** Problems with the options, every one at once (empty when valid). */
export function equalLoadProblems(options: EqualLoadOptions): string[] {
  const problems: string[] = [];
  if (options.fractions.length === 0)
    problems.push('fractions: expected at least one fraction, got none');
  for (const f of options.fractions)
    if (!(f > 0 && f <= 1))
      problems.push(`fractions: expected each fraction in (0, 1], got ${String(f)}`);
  if (new Set(options.fractions).size !== options.fractions.length)
    problems.push(`fractions: expected distinct fractions, got ${options.fractions.join(', ')}`);
  if (options.bases.length === 0) problems.push('bases: expected slowest and/or own, got none');
  for (const b of options.bases)
    if (!EQUAL_LOAD_BASES.includes(b))
      problems.push(`bases: expected ${EQUAL_LOAD_BASES.join(' or ')}, got "${String(b)}"`);
  const ceiling = options.driverCeilingRps;
  if (ceiling !== undefined && !(ceiling > 0))
    problems.push(`driverCeilingRps: expected a positive rate, got ${String(ceiling)}`);
  return problems;
}

/**
 * The open-model rates to measure every cell at. Cells with no usable capacity (missing,
 * zero or not finite) are skipped with the reason; they also do not set the slowest rate.
 *
 * @throws RangeError naming the option when the options are invalid
 */
export function planEqualLoad(
  capacities: readonly CellCapacity[],
  options: EqualLoadOptions,
): EqualLoadPlan {
  const problems = equalLoadProblems(options);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const skipped: EqualLoadPlan['skipped'] = [];
  const usable: CellCapacity[] = [];
  for (const c of capacities) {
    if (Number.isFinite(c.rps) && c.rps > 0) usable.push(c);
    else
      skipped.push({
        stack: c.stack,
        scenario: c.scenario,
        validation: c.validation,
        reason: `no saturated capacity (got ${String(c.rps)} req/s)`,
      });
  }
  const slowest = new Map<string, CellCapacity>();
  for (const c of usable) {
    const current = slowest.get(groupKey(c));
    if (current === undefined || c.rps < current.rps) slowest.set(groupKey(c), c);
  }
  const fractions = [...options.fractions].sort((a, b) => a - b);
  const points: EqualLoadPoint[] = [];
  for (const c of usable) {
    const byRate = new Map<number, EqualLoadPoint>();
    for (const basis of EQUAL_LOAD_BASES.filter((b) => options.bases.includes(b))) {
      const source = basis === 'own' ? c : slowest.get(groupKey(c))!;
      for (const fraction of fractions) {
        const rps = Math.max(1, Math.round(source.rps * fraction));
        let point = byRate.get(rps);
        if (point === undefined) {
          point = {
            stack: c.stack,
            scenario: c.scenario,
            validation: c.validation,
            rps,
            labels: [],
            flags: [],
          };
          byRate.set(rps, point);
        }
        point.labels.push({ basis, fraction });
        if (source.floor === true && !point.flags.includes('capacity-floor'))
          point.flags.push('capacity-floor');
        if (
          options.driverCeilingRps !== undefined &&
          rps > options.driverCeilingRps &&
          !point.flags.includes('above-driver-ceiling')
        )
          point.flags.push('above-driver-ceiling');
      }
    }
    points.push(...[...byRate.values()].sort((a, b) => a.rps - b.rps));
  }
  return { points, skipped };
}

/** A stable id for one point of one cell, e.g. `express|get-product|zod|4200`. */
export const equalLoadKey = (p: {
  stack: string;
  scenario: string;
  validation: string;
  rps: number;
}) => `${p.stack}|${p.scenario}|${p.validation}|${p.rps}`;

/** `rounds` rounds, each holding every point once in a seeded order of its own (as `run`'s cells). */
export function planEqualLoadRounds(
  points: readonly EqualLoadPoint[],
  rounds: number,
  seed: number,
): (EqualLoadPoint & { round: number; order: number })[] {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`Expected rounds to be a positive integer, got ${String(rounds)}`);
  const plan: (EqualLoadPoint & { round: number; order: number })[] = [];
  for (let round = 1; round <= rounds; round++) {
    const rng = createRng(deriveSeed(seed, `equal-load-round-${round}`));
    shuffle(points, rng).forEach((point, i) => plan.push({ round, order: i + 1, ...point }));
  }
  return plan;
}
