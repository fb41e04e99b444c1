/** Trial planning, a pure function: cells × rounds, each round in its own seeded shuffle. */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { StackInfo } from '../../servers/stacks.js';
import type { PlannedTrial } from '../results/schema.js';
import type { Scenario } from '../scenarios/schema.js';
import { createRng, deriveSeed, randomIndex } from '../stats/random.js';

export interface PlannedCell {
  stack: string;
  scenario: string;
  validation: ValidationMode;
}

/**
 * Every (stack, scenario, validation) to measure: the validations asked for that the stack
 * has and the scenario means something in; a validation-independent scenario runs once
 * per stack, in the first mode asked for that the stack has.
 */
export function planCells(
  stacks: readonly StackInfo[],
  scenarios: readonly Scenario[],
  validations: readonly ValidationMode[],
): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const scenario of scenarios) {
    for (const stack of stacks) {
      let modes = validations.filter(
        (v) => stack.validations.includes(v) && (scenario.validations?.includes(v) ?? true),
      );
      if (scenario.validationIndependent) modes = modes.slice(0, 1);
      for (const validation of modes)
        cells.push({ stack: stack.name, scenario: scenario.name, validation });
    }
  }
  return cells;
}

/** Fisher–Yates with the injected random source. */
export function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `rounds` rounds, each holding every cell once in a seeded order of its own. */
export function planRounds(
  cells: readonly PlannedCell[],
  rounds: number,
  seed: number,
): PlannedTrial[] {
  const plan: PlannedTrial[] = [];
  for (let round = 1; round <= rounds; round++) {
    const rng = createRng(deriveSeed(seed, `round-${round}`));
    shuffle(cells, rng).forEach((cell, i) => plan.push({ round, order: i + 1, ...cell }));
  }
  return plan;
}

export const trialKey = (t: { round: number; order: number }) => `${t.round}:${t.order}`;
