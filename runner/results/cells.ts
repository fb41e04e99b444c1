/**
 * What groups and filters trials everywhere in the runner: the one cell key (stack, scenario,
 * validation) and the one "this trial is measured" check (docs/design.md §5).
 */
import type { Trial, TrialMetrics } from './schema.js';

export interface CellId {
  stack: string;
  scenario: string;
  validation: string;
}

/** `stack/scenario/validation`: the key trials are grouped by, and how cells are printed. */
export const cellKey = (c: CellId): string => `${c.stack}/${c.scenario}/${c.validation}`;

/** The cell a key names (the inverse of `cellKey`; names hold no `/`). */
export function parseCellKey(key: string): CellId {
  const [stack = '', scenario = '', validation = ''] = key.split('/');
  return { stack, scenario, validation };
}

/** A trial whose numbers count: valid, or generator-bound (its req/s a floor), with metrics. */
export type MeasuredTrial = Trial & { metrics: TrialMetrics };

export const isMeasured = (t: Trial): t is MeasuredTrial =>
  (t.state === 'valid' || t.state === 'generator-bound') && t.metrics !== undefined;
