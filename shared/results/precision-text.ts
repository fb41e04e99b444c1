/**
 * The precision figure in words (runner/run/precision.ts computes it): the sentence
 * `stackbench run` ends with, and the one the reports' headline section carries.
 */
import type { Results } from './schema.js';

export type Precision = NonNullable<Results['precision']>;

/**
 * The half-width a ranking should reach: ±5 % (issue 10's goal), so that a 10 % difference
 * between two stacks is told apart from noise.
 */
export const PRECISION_GOAL_PERCENT = 5;

/** One sentence for the end of `stackbench run`. */
export function describePrecision(p: Precision | undefined): string {
  if (p === undefined) return 'Precision: no ratio to node-http in the headline (nothing paired).';
  const where = `headline ${p.scenario} · ${p.validation}`;
  if (p.roundsToHalve === null)
    return `Precision: ${p.stack}'s ratio to node-http (${where}) rests on ${p.rounds} paired round(s): too few pairs for an interval; run at least 3 rounds.`;
  const more = p.roundsToHalve - p.rounds;
  return (
    `Precision: the widest ratio interval in the ${where} is ±${p.halfWidthPercent.toFixed(1)} % ` +
    `(${p.stack} vs node-http, ${p.rounds} paired rounds); about ${p.roundsToHalve} rounds ` +
    `(${more} more, --rounds ${p.roundsToHalve}) would halve it. ${goalSentence(p)}`
  ).trimEnd();
}

/** What the ±5 % goal would take, or that the run met it; '' for files from before the goal. */
export function goalSentence(p: Precision): string {
  if (p.goalPercent === undefined) return '';
  const goal = `±${p.goalPercent} %`;
  if (p.halfWidthPercent <= p.goalPercent)
    return `Every headline ratio is within the goal of ${goal}.`;
  const rounds = p.roundsForGoal;
  if (rounds === undefined || rounds === null)
    return `The goal of ${goal} is out of reach by more rounds at this spread: quieten the machine first.`;
  const time =
    p.secondsPerRound === undefined
      ? ''
      : ` (about ${minutes(rounds * p.secondsPerRound)} of trials)`;
  return `Reaching the goal of ${goal} would take about ${rounds} rounds${time}, if the spread stays as it was.`;
}

const minutes = (s: number): string =>
  s < 90
    ? `${Math.round(s)} s`
    : s < 5400
      ? `${Math.round(s / 60)} min`
      : `${(s / 3600).toFixed(1)} h`;
