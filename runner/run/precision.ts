/**
 * The precision figure every run ends with (issue 10): the widest 95 % interval among the
 * headline's ratios to node-http, and how many rounds would halve it — computed from the
 * run's own spread (Student t over paired rounds, see runner/stats/clustered.ts).
 */
import type { Cell, Results } from '../results/schema.js';
import { type Headline, headlineOf } from '../../shared/results/cells.js';
import { unitsToHalve } from '../stats/clustered.js';

export type Precision = NonNullable<Results['precision']>;

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
    };
  }
  // JSON has no infinity: a ratio from fewer than 2 rounds has no interval at all.
  if (widest !== undefined && !Number.isFinite(widest.halfWidthPercent))
    return { ...widest, halfWidthPercent: 0, roundsToHalve: null };
  return widest;
}

/** One sentence for the end of `stackbench run`. */
export function describePrecision(p: Precision | undefined): string {
  if (p === undefined) return 'Precision: no ratio to node-http in the headline (nothing paired).';
  const where = `headline ${p.scenario} · ${p.validation}`;
  if (p.roundsToHalve === null)
    return `Precision: ${p.stack}'s ratio to node-http (${where}) rests on ${p.rounds} paired round(s): too few pairs for an interval; run at least 3 rounds.`;
  const more = p.roundsToHalve - p.rounds;
  return (
    `Precision: the widest ratio interval in the ${where} is ±${p.halfWidthPercent.toFixed(1)} % ` +
    `(${p.stack} vs node-http, ${p.rounds} paired rounds); about ${p.roundsToHalve} rounds ` +
    `(${more} more, --rounds ${p.roundsToHalve}) would halve it.`
  );
}
