/**
 * How busy a load generator was, as % of its budget, from what a trial or a ceiling records:
 * a polling generator's work (its CPU is full by design: runner/drivers/embedded/poll.ts;
 * the work counts the time it was kept off its CPU too), else its CPU plus the time it waited
 * for its CPU where the driver measures that, else its CPU. The one definition that trials'
 * validity, capacity steps, ceilings and the reports all judge by.
 */
import type { TrialMetrics } from './schema.js';

export type GeneratorFigures = Pick<
  TrialMetrics,
  'generatorCpuPercent' | 'generatorBusyPercent' | 'generatorWorkPercent'
>;

export function generatorLoadPercent(g: GeneratorFigures): number {
  if (g.generatorWorkPercent !== undefined) return g.generatorWorkPercent;
  return Math.max(g.generatorCpuPercent, g.generatorBusyPercent ?? 0);
}
