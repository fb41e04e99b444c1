/**
 * `ab`'s core: both versions of each cell in the same rounds, shuffled together, on the same
 * machine at the same time — the relative mode that stays trustworthy on noisy shared runners.
 */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import {
  type Comparison,
  type CompareOptions,
  compareTrials,
  splitVariants,
} from '../compare/compare.js';
import type { PlannedTrial, Results } from '../results/schema.js';
import { executeRun, type RunDeps } from '../run/orchestrate.js';
import { type PlannedCell, planRounds } from '../run/plan.js';

export interface Variant {
  /** The project root of this version (its stacks start from there). @default PROJECT_ROOT */
  root?: string;
  /**
   * The stack that serves this side, when not the cell's own (`ab --base-stack`: two declared
   * stacks, e.g. a user's app and its previous release, measured as one cell's two versions).
   */
  stack?: string;
  /** A Node script to run instead of the stack's own (test fixtures). */
  entry?(stack: string): string;
  env?: Record<string, string>;
}

/** Each cell twice, as `<stack>@base` and `<stack>@head`. */
export function abCells(cells: readonly PlannedCell[]): PlannedCell[] {
  return cells.flatMap((c) => [
    { ...c, stack: `${c.stack}@base` },
    { ...c, stack: `${c.stack}@head` },
  ]);
}

export function abPlan(
  cells: readonly PlannedCell[],
  rounds: number,
  seed: number,
): PlannedTrial[] {
  return planRounds(abCells(cells), rounds, seed);
}

/** Resolves `<stack>@base|head` to that version's server. */
export function variantServers(base: Variant, head: Variant) {
  return (planned: PlannedTrial) => {
    const at = planned.stack.lastIndexOf('@');
    const stack = planned.stack.slice(0, at);
    const variant = planned.stack.slice(at + 1) === 'base' ? base : head;
    return {
      stack: variant.stack ?? stack,
      validation: planned.validation as ValidationMode,
      root: variant.root,
      entry: variant.entry?.(stack),
      env: variant.env,
    };
  };
}

export async function runAb(
  deps: Omit<RunDeps, 'serverFor'>,
  settings: Parameters<typeof executeRun>[1],
  results: Results,
  variants: { base: Variant; head: Variant },
  compare: CompareOptions,
): Promise<{ results: Results; comparison: Comparison }> {
  const done = await executeRun(
    { ...deps, serverFor: variantServers(variants.base, variants.head) },
    settings,
    results,
  );
  const { base, head } = splitVariants(done.trials);
  return { results: done, comparison: compareTrials(base, head, compare) };
}
