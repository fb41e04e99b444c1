/**
 * How busy a load generator was, from what a results file records: a polling generator's
 * work (its CPU is full by design: runner/drivers/embedded/poll.ts), else its CPU.
 */
import { formatPercent } from './table.js';

export interface GeneratorFigures {
  generatorCpuPercent: number;
  generatorWorkPercent?: number;
}

/** The generator's load, % of its cores. */
export const generatorLoadOf = (g: GeneratorFigures): number =>
  g.generatorWorkPercent ?? g.generatorCpuPercent;

/** "at 82 % of its CPU", or for a polling generator "at work 64 % of the time (it polls: …)". */
export function generatorLoadText(g: GeneratorFigures, digits = 1): string {
  return g.generatorWorkPercent === undefined
    ? `at ${formatPercent(g.generatorCpuPercent, digits)} of its CPU`
    : `at work ${formatPercent(g.generatorWorkPercent, digits)} of the time (it polls: its CPU is full by design)`;
}
