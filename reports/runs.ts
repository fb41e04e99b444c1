/**
 * The report's reading of a results file: which stacks, scenarios and validation modes it
 * holds, in a stable order, and one entry per cell joining its summary with its trials.
 * Every renderer starts here, so they all agree on order, names and what counts as a cell.
 */
import {
  BASELINE_STACK,
  type Headline,
  NOISY_CV,
  VALIDATION_ORDER,
  headlineOf as sharedHeadlineOf,
} from '../shared/results/cells.js';
import type { Capacity, Cell, Results, Trial } from '../shared/results/schema.js';

/** The stack every ratio is measured against, and the cv above which a cell is noisy. */
export { BASELINE_STACK, NOISY_CV };
/** A cell at or above this fraction of the generator ceiling may be measuring the generator. */
export const NEAR_CEILING = 0.9;

export interface CellView {
  stack: string;
  scenario: string;
  validation: string;
  /** The runner's summary of the cell; absent when the run has trials but no summary yet. */
  summary: Cell | undefined;
  /** Every trial of the cell, in round order. */
  trials: Trial[];
  /** Trials run and valid, from the summary when present, else counted from the trials. */
  total: number;
  valid: number;
  /**
   * Trials whose numbers the summary holds: valid ones and generator-bound ones (floors),
   * as the runner's summariser counts them.
   */
  measured: number;
  /** The summary's flags, plus `noisy` when the req/s cv is above {@link NOISY_CV}. */
  flags: string[];
}

export interface RunView {
  /** `''` for a single results file; `r1`, `r2`, … when several are reported together. */
  key: string;
  /** 1-based position among the results given. */
  index: number;
  results: Results;
  stacks: string[];
  scenarios: string[];
  validations: string[];
  cells: CellView[];
  /** The capacity searches (`capacity[]`), in scenario, stack and validation order. */
  capacity: Capacity[];
  /** The scenarios that have capacity searches, in the same order as `scenarios`. */
  capacityScenarios: string[];
}

/** One view per results file, in the order given. */
export function runViews(results: readonly Results[]): RunView[] {
  return results.map((r, i) => runView(r, results.length > 1 ? `r${i + 1}` : '', i + 1));
}

function runView(results: Results, key: string, index: number): RunView {
  const ids = new Map<string, { stack: string; scenario: string; validation: string }>();
  const add = (c: { stack: string; scenario: string; validation: string }): void => {
    const id = cellId(c);
    if (!ids.has(id))
      ids.set(id, { stack: c.stack, scenario: c.scenario, validation: c.validation });
  };
  results.summary.forEach(add);
  results.trials.forEach(add);

  const all = [...ids.values()];
  const known = results.stacks.map((s) => s.name);
  const stacks = orderStacks(unique(all.map((c) => c.stack)), known);
  const scenarios = orderScenarios(
    unique(all.map((c) => c.scenario)),
    results.manifest.scenarios.map((s) => s.name),
  );
  const validations = orderValidations(unique(all.map((c) => c.validation)));

  const cells: CellView[] = [];
  for (const scenario of scenarios) {
    for (const stack of stacks) {
      for (const validation of validations) {
        const id = cellId({ stack, scenario, validation });
        if (!ids.has(id)) continue;
        const summary = results.summary.find((c) => cellId(c) === id);
        const trials = results.trials
          .filter((t) => cellId(t) === id)
          .sort((a, b) => a.round - b.round || a.order - b.order);
        const flags = [...(summary?.flags ?? [])];
        if ((summary?.rps?.cv ?? 0) > NOISY_CV && !flags.includes('noisy')) flags.push('noisy');
        cells.push({
          stack,
          scenario,
          validation,
          summary,
          trials,
          total: summary?.trials ?? trials.length,
          valid: summary?.valid ?? trials.filter((t) => t.state === 'valid').length,
          measured: trials.filter(isMeasured).length,
          flags,
        });
      }
    }
  }
  const manifestScenarios = results.manifest.scenarios.map((s) => s.name);
  const entries = results.capacity ?? [];
  const capacityScenarios = orderScenarios(
    unique(entries.map((c) => c.scenario)),
    manifestScenarios,
  );
  const capacityStacks = orderStacks(unique(entries.map((c) => c.stack)), known);
  const capacityModes = orderValidations(unique(entries.map((c) => c.validation)));
  // Stable sort: entries of the same cell (other drivers or SLOs) keep their file order.
  const capacity = [...entries].sort(
    (a, b) =>
      capacityScenarios.indexOf(a.scenario) - capacityScenarios.indexOf(b.scenario) ||
      capacityStacks.indexOf(a.stack) - capacityStacks.indexOf(b.stack) ||
      capacityModes.indexOf(a.validation) - capacityModes.indexOf(b.validation),
  );
  return {
    key,
    index,
    results,
    stacks,
    scenarios,
    validations,
    cells,
    capacity,
    capacityScenarios,
  };
}

export function cellId(c: { stack: string; scenario: string; validation: string }): string {
  return `${c.stack}\u0000${c.scenario}\u0000${c.validation}`;
}

export function findCell(
  run: RunView,
  stack: string,
  scenario: string,
  validation: string,
): CellView | undefined {
  return run.cells.find(
    (c) => c.stack === stack && c.scenario === scenario && c.validation === validation,
  );
}

/** A trial the summary counts: valid, or generator-bound (its req/s a floor), with metrics. */
export function isMeasured(t: Trial): boolean {
  return (t.state === 'valid' || t.state === 'generator-bound') && t.metrics !== undefined;
}

/** Rounds in which both cells have a measured trial: the pairs behind a paired estimate. */
export function pairedRounds(a: CellView, b: CellView | undefined): number {
  if (!b) return 0;
  const mine = new Set(a.trials.filter(isMeasured).map((t) => t.round));
  return new Set(
    b.trials
      .filter(isMeasured)
      .map((t) => t.round)
      .filter((r) => mine.has(r)),
  ).size;
}

/** The cell has summarised numbers to show (else every number shows "—"). */
export function hasData(cell: CellView | undefined): cell is CellView & { summary: Cell } {
  return cell !== undefined && cell.summary?.rps !== undefined;
}

/** The scenario and validation of the headline table (shared/results/cells.ts). */
export function headlineOf(run: RunView): Headline | undefined {
  return sharedHeadlineOf(run.results);
}

/**
 * The display label the results file gives a stack: `Express 5` for `express`; a stack the
 * file does not describe keeps its name.
 */
export function stackLabel(run: RunView, name: string): string {
  return stackInfo(run, name)?.label ?? name;
}

/** What the results file says about a stack: its label and the guide's columns. */
export function stackInfo(run: RunView, name: string): Results['stacks'][number] | undefined {
  return run.results.stacks.find((s) => s.name === name);
}

/** `Express 5 · get-product · zod`. */
export function cellLabel(
  run: RunView,
  c: { stack: string; scenario: string; validation: string },
): string {
  return `${stackLabel(run, c.stack)} · ${c.scenario} · ${c.validation}`;
}

/** Stacks in the order the results file lists them (baseline first), then the others by name. */
export function orderStacks(names: readonly string[], known: readonly string[]): string[] {
  return [...names].sort((a, b) => rank(known, a) - rank(known, b) || compare(a, b));
}

function orderScenarios(names: readonly string[], manifestOrder: readonly string[]): string[] {
  return [...names].sort(
    (a, b) => rank(manifestOrder, a) - rank(manifestOrder, b) || compare(a, b),
  );
}

function orderValidations(names: readonly string[]): string[] {
  return [...names].sort(
    (a, b) => rank(VALIDATION_ORDER, a) - rank(VALIDATION_ORDER, b) || compare(a, b),
  );
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i === -1 ? order.length : i;
}

/** Code-point order: the same on every machine, unlike `localeCompare`. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
