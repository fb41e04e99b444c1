/**
 * What the tables of latency at equal offered load and of a sweep share: both list points of
 * cells (a cell at one offered rate, or at one level of the work) with the cell's names, the
 * median latencies with their intervals and the point's flags, ordered by the manifest's
 * scenarios and the file's stacks. What differs between them (the load column, the trial
 * counts, the sort keys) stays in each section.
 */
import type { CellId, LatencySummary } from '../shared/results/schema.js';
import { type RunView, orderStacks, stackLabel } from './runs.js';
import { type Column, cell, formatEstimate, formatLatency } from './table.js';

interface Point extends CellId {
  latencyUs?: LatencySummary | undefined;
  flags: string[];
}

/** Scenario, Stack (its label), Validation. */
export function cellColumns<P extends CellId>(run: RunView): Column<P>[] {
  return [
    { header: 'Scenario', cell: (p) => cell(p.scenario) },
    { header: 'Stack', cell: (p) => cell(stackLabel(run, p.stack)) },
    { header: 'Validation', cell: (p) => cell(p.validation) },
  ];
}

/** p50 and p99 with their 95 % CIs. */
export function latencyColumns<P extends Point>(): Column<P>[] {
  return (['p50', 'p99'] as const).map((k) => ({
    header: `${k} (95 % CI)`,
    align: 'right',
    cell: (p) => cell(formatEstimate(p.latencyUs?.[k], formatLatency), p.latencyUs?.[k].estimate),
  }));
}

export function flagsColumn<P extends Point>(): Column<P> {
  return { header: 'Flags', cell: (p) => cell(p.flags.join(', ')) };
}

/** Sort ranks of a phase's points: scenarios in manifest order, stacks in the file's order. */
export function pointRanks(
  run: RunView,
  points: readonly CellId[],
): { scenario(p: CellId): number; stack(p: CellId): number } {
  const stacks = orderStacks(
    [...new Set(points.map((p) => p.stack))],
    run.results.stacks.map((s) => s.name),
  );
  const scenarios = run.results.manifest.scenarios.map((s) => s.name);
  return {
    scenario: (p) => scenarios.indexOf(p.scenario),
    stack: (p) => stacks.indexOf(p.stack),
  };
}

/** The distinct scenarios of the points, in the points' order: one chart each. */
export function scenariosOf(points: readonly CellId[]): string[] {
  return [...new Set(points.map((p) => p.scenario))];
}
