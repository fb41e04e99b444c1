/**
 * How a load generator's load reads in a report: a polling generator's work (its CPU is full
 * by design), else its CPU. The load itself is shared/results/generator-load.ts.
 */
import type { GeneratorFigures } from '../shared/results/generator-load.js';
import { formatPercent } from './table.js';

/** "at 82 % of its CPU", or for a polling generator "at work 64 % of the time (it polls: …)". */
export function generatorLoadText(g: GeneratorFigures, digits = 1): string {
  return g.generatorWorkPercent === undefined
    ? `at ${formatPercent(g.generatorCpuPercent, digits)} of its CPU`
    : `at work ${formatPercent(g.generatorWorkPercent, digits)} of the time (it polls: its CPU is full by design)`;
}
