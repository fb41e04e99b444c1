/**
 * How a stack's answers are compared with node-http's: in the same validation mode where
 * node-http has it; a framework's own validator (`native`) is compared with node-http's zod
 * validation, every exchange alike except the words of a 422 body (each validator says
 * what is wrong in its own words; the statuses, the other bodies and headers must match).
 */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { BASELINE_STACK, findStack } from '../../servers/stacks.js';
import { type Exchange, firstDifference } from './run-checks.js';

export { BASELINE_STACK };

/** The node-http mode that `mode` is compared with. */
export function baselineMode(mode: ValidationMode): ValidationMode {
  const baseline = findStack(BASELINE_STACK)?.validations ?? [];
  return baseline.includes(mode) ? mode : 'zod';
}

const VALIDATOR_WORDS = '(a 422 body in the validator’s own words)';

/** The first exchange where `other` (in `mode`) answers differently from the baseline. */
export function differenceFromBaseline(
  baseline: Exchange[],
  other: Exchange[],
  mode: ValidationMode,
): { a?: Exchange; b?: Exchange } | undefined {
  if (baselineMode(mode) === mode) return firstDifference(baseline, other);
  const mask = (list: Exchange[]) =>
    list.map((e) => (e.status === 422 ? { ...e, body: VALIDATOR_WORDS } : e));
  return firstDifference(mask(baseline), mask(other));
}
