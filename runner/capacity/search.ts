/**
 * One capacity search: the pure planner (plan.ts) decides each rate, an injected `measure`
 * runs it, the SLO (slo.ts) judges it. No clock, no server: the command wires those in.
 */
import type { Capacity } from '../results/schema.js';
import { nextStep, type CapacityPlan, type Next, type TriedStep } from './plan.js';
import { AbortedError } from '../exit-codes.js';

export type CapacityStep = Capacity['steps'][number];

export interface SearchEvents {
  /** Awaited before the next step (e.g. to write results). */
  onStep?(step: CapacityStep, phase: string): void | Promise<void>;
}

export interface SearchResult {
  sustainableRps: number | null;
  steps: CapacityStep[];
  reason: string;
  flags: string[];
}

export async function searchCapacity(
  /** The search's plan, or any pacing function of the steps so far (e.g. fixed rates). */
  plan: CapacityPlan | ((steps: readonly TriedStep[]) => Next),
  measure: (targetRps: number) => Promise<CapacityStep>,
  events: SearchEvents = {},
  signal?: AbortSignal,
): Promise<SearchResult> {
  const steps: CapacityStep[] = [];
  for (;;) {
    if (signal?.aborted) throw new AbortedError();
    const next = typeof plan === 'function' ? plan(steps) : nextStep(plan, steps);
    if (next.done) {
      const flags = steps.some((s) => !s.ok && s.reason?.includes('generator-bound'))
        ? ['generator-bound']
        : [];
      return { sustainableRps: next.sustainableRps, steps, reason: next.reason, flags };
    }
    const step = await measure(next.targetRps);
    steps.push(step);
    await events.onStep?.(step, next.phase);
  }
}
