/**
 * The precision figure every run ends with (issue 10): the widest 95 % interval among the
 * headline's ratios to node-http, how many rounds would halve it, and how many would bring it
 * within the goal of ±5 % — computed from the run's own spread (Student t over paired rounds,
 * see runner/stats/clustered.ts), with the time those rounds would take at this run's pace.
 */
import type { Cell, Results } from '../results/schema.js';
import { type Headline, headlineOf } from '../../shared/results/cells.js';
import { unitsToHalve, unitsToShrink } from '../stats/clustered.js';
import { PRECISION_GOAL_PERCENT, type Precision } from '../../shared/results/precision-text.js';

/** The headline's cells (shared/results/cells.ts `headlineOf`: the reports' choice too). */
export function headlineCellsOf(results: Results): (Headline & { cells: Cell[] }) | undefined {
  const headline = headlineOf(results);
  if (headline === undefined) return undefined;
  const cells = results.summary.filter(
    (c) => c.scenario === headline.scenario && c.validation === headline.validation,
  );
  return { ...headline, cells };
}

/** Half-width of an interval as % of its estimate: the larger side (log intervals are lopsided). */
export function halfWidthPercent(e: { estimate: number; low: number; high: number }): number {
  return (100 * Math.max(e.high - e.estimate, e.estimate - e.low)) / e.estimate;
}

/**
 * Rounds in all that would bring a ratio interval of `halfWidthPercent` (its larger side,
 * from n rounds) within `goalPercent`. Ratio intervals are symmetric in log, so the factor is
 * taken on log half-widths: ln(1 + half) / ln(1 + goal).
 */
export function roundsForGoal(
  halfWidthPercent: number,
  rounds: number,
  goalPercent = PRECISION_GOAL_PERCENT,
): number | undefined {
  const factor = Math.log1p(halfWidthPercent / 100) / Math.log1p(goalPercent / 100);
  return unitsToShrink(rounds, factor);
}

/**
 * Seconds of trials per round in this run: the span of its trials' start times over the
 * trials between them, times the trials in a round. undefined with fewer than two trials or
 * when they all started at one instant.
 */
export function secondsPerRound(results: Results): number | undefined {
  const starts = results.trials
    .map((t) => Date.parse(t.startedAt))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const rounds = new Set(results.trials.map((t) => t.round)).size;
  if (starts.length < 2 || rounds === 0) return undefined;
  const perTrial = (starts.at(-1)! - starts[0]!) / 1000 / (starts.length - 1);
  // All at one instant (an injected clock): no pace to go by.
  return perTrial > 0 ? (perTrial * starts.length) / rounds : undefined;
}

/** The headline's widest ratio interval; undefined when no stack has a ratio yet. */
export function precisionOf(results: Results): Precision | undefined {
  const headline = headlineCellsOf(results);
  if (headline === undefined) return undefined;
  let widest: Precision | undefined;
  for (const cell of headline.cells) {
    const ratio = cell.ratioToBaseline;
    if (ratio === undefined || !(ratio.estimate > 0)) continue;
    const rounds = ratio.n ?? 0;
    const half = rounds < 2 ? Number.POSITIVE_INFINITY : halfWidthPercent(ratio);
    if (widest !== undefined && half <= widest.halfWidthPercent) continue;
    widest = {
      scenario: headline.scenario,
      validation: headline.validation,
      stack: cell.stack,
      halfWidthPercent: half,
      rounds,
      roundsToHalve: unitsToHalve(rounds) ?? null,
      goalPercent: PRECISION_GOAL_PERCENT,
      roundsForGoal: Number.isFinite(half) ? (roundsForGoal(half, rounds) ?? null) : null,
    };
  }
  if (widest === undefined) return undefined;
  const pace = secondsPerRound(results);
  if (pace !== undefined) widest.secondsPerRound = Math.round(pace * 10) / 10;
  // JSON has no infinity: a ratio from fewer than 2 rounds has no interval at all.
  if (!Number.isFinite(widest.halfWidthPercent))
    return { ...widest, halfWidthPercent: 0, roundsToHalve: null, roundsForGoal: null };
  return widest;
}
