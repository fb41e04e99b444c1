/**
 * Facts about summary cells that the runner and the reports must agree on: the stack every
 * ratio is measured against, the coefficient of variation above which a cell is noisy, how
 * many pairs an interval needs, and which cells are the headline.
 */
import type { Results } from './schema.js';

/** The stack every `ratioToBaseline` is measured against. */
export const BASELINE_STACK = 'node-http';

/** A cell whose req/s varies more than this across rounds is flagged `noisy`. */
export const NOISY_CV = 0.1;

/** Fewer paired rounds than this and a paired interval says nothing: reports show the count instead. */
export const MIN_PAIRS = 3;

/** Validation modes in report order: `zod` (every stack has it), `off`, then `native`. */
export const VALIDATION_ORDER: readonly string[] = ['zod', 'off', 'native'];

/** The scenario and validation mode of a run's headline. */
export interface Headline {
  scenario: string;
  validation: string;
}

/**
 * Scenarios a headline prefers, first the one where validation runs (so the headline table
 * carries the guide's validation-overhead column, issue 10), then the framework floor.
 */
export const HEADLINE_SCENARIOS: readonly string[] = ['create-product', 'json'];

/**
 * The headline the reports' first table shows and the run's precision figure measures: the
 * first of {@link HEADLINE_SCENARIOS} the file has cells of, else its first scenario in
 * manifest order (others after, by name); `zod` when that scenario has it, else its first
 * mode in {@link VALIDATION_ORDER} (others after, by name). A cell is one the file
 * summarises or holds trials of. undefined for a file without cells.
 */
export function headlineOf(
  results: Pick<Results, 'manifest' | 'summary' | 'trials'>,
): Headline | undefined {
  const cells = [...results.summary, ...results.trials];
  const manifest = results.manifest.scenarios.map((s) => s.name);
  const scenarios = cells.map((c) => c.scenario);
  const scenario =
    HEADLINE_SCENARIOS.find((s) => scenarios.includes(s)) ?? firstIn(scenarios, manifest);
  if (scenario === undefined) return undefined;
  const modes = cells.filter((c) => c.scenario === scenario).map((c) => c.validation);
  const validation = firstIn(modes, VALIDATION_ORDER);
  return validation === undefined ? undefined : { scenario, validation };
}

/** The name that comes first in `order`; names not in it come after, in code-point order. */
function firstIn(names: readonly string[], order: readonly string[]): string | undefined {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}
