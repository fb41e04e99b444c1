/** Named run profiles: what `npm run bench` (quick) and a careful study (thorough) measure. */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { Reference } from '../results/schema.js';
import { GUIDE_REFERENCE } from './guide.js';

export interface Profile {
  description: string;
  /** The stacks it runs unless --stack says otherwise; 'all': every known stack. */
  stacks: readonly string[] | 'all';
  scenarios: readonly string[];
  validations: readonly ValidationMode[];
  /** Rounds: each runs every cell once (a fresh server process each), in a shuffled order. */
  rounds: number;
  /** Measured windows per server process, each of `durationS`, after one warm-up. */
  windows: number;
  durationS: number;
  /** Warm-up before a process's first window, not measured. */
  warmupS: number;
  connections: number;
  /** Published figures the run answers, written into results.json (`reference`). */
  reference?: Reference;
}

/**
 * The quick profile's budget: a trial is a fresh process, 2 s of warm-up and 2 windows of
 * 1 s (~4.9 s with start and stop on 2 vCPUs), so 6 rounds × 8 cells ≈ 235 s of trials plus
 * verify, calibration and the equal-load phase. Two seconds of warm-up, not one: in a
 * fresh-clone run with 1 s, the first window ran at 0.5-0.7× the next ones (Express 1,600-2,000
 * vs ~3,000 req/s, Hono 4,500-8,000 vs ~10,000) and was most of the not-saturated windows;
 * the second and third windows agreed. A driver without the windows capability restarts per
 * window and costs more; re-tune here (rounds buy honest intervals, windows buy load-seconds).
 */
const QUICK = { rounds: 6, windows: 2, durationS: 1, warmupS: 2 } as const;
const QUICK_DESCRIPTION = `the Node stacks, create-product, zod and off, ${QUICK.rounds} rounds of a fresh process with ${QUICK.windows} windows of ${QUICK.durationS} s (≤ 5 min on 2 cores)`;

/**
 * The guide profile's budget (≤ 12 min on 2 cores): 7 stacks → 22 cells (json once per
 * stack; create-product in each validation mode a stack has: 2 each, Fastify 3), so 5 rounds
 * × 22 cells = 110 trials. Measured on 2 vCPUs with the embedded driver: starting and stopping
 * a server costs ~1.4 s on Node and ~2.5 s on Python (slower to start), 2.6 s on average on a
 * busy host, 1.4 s on a quiet one. With quick's 2 s of warm-up (a first window after 1 s ran
 * at 0.5-0.7× the rest) and one 1-s window, a trial is 4.4–5.6 s: 8–10.3 min of trials, plus
 * verify of the 16 stack/mode pairs (45 s) and calibration. Rounds, not load-seconds, are
 * spent: they give the paired intervals (each round ≈ 1.6–2 min). No latency phase at equal
 * load (the guide's table has no latency column; `--equal-load 0.5` adds one).
 */
const GUIDE = { rounds: 5, windows: 1, durationS: 1, warmupS: 2 } as const;
/** Measured start + stop of a server, seconds, on a busy 2-vCPU host (see above). */
export const GUIDE_TRIAL_OVERHEAD_S = 2.6;
const GUIDE_DESCRIPTION = `the guide's table answered: node:http, Express, Fastify, Hono, FastAPI, Flask and DRF on json (the guide's "baseline JSON endpoint") and create-product (validation overhead: each stack's own validator, zod or native, against off), ${GUIDE.rounds} rounds of a fresh process with ${GUIDE.warmupS} s of warm-up and ${GUIDE.windows} window of ${GUIDE.durationS} s (≤ 12 min on 2 cores)`;

export const PROFILES = {
  /**
   * Spends its ≤ 5-minute budget on the headline comparison (issue 10): one scenario where
   * validation runs, every stack with and without zod, many short windows per fresh server
   * process and processes renewed every round. Re-tune here: the numbers below are the only
   * place they live.
   */
  quick: {
    description: QUICK_DESCRIPTION,
    stacks: ['node-http', 'express', 'fastify', 'hono'],
    scenarios: ['create-product'],
    validations: ['zod', 'off'],
    rounds: QUICK.rounds,
    windows: QUICK.windows,
    durationS: QUICK.durationS,
    warmupS: QUICK.warmupS,
    connections: 32,
  },
  thorough: {
    description: 'all stacks, every scenario, every validation mode, 7 rounds of 10 s',
    stacks: 'all',
    scenarios: [
      'json',
      'get-product',
      'list-products',
      'create-product',
      'create-invalid',
      'mixed',
    ],
    validations: ['zod', 'off', 'native'],
    rounds: 7,
    windows: 1,
    durationS: 10,
    warmupS: 3,
    connections: 32,
  },
  /**
   * The guide's own rows and the Node stacks beside them; results carry the guide's claimed
   * figures (./guide.ts), and report.md opens with the guide-shaped table.
   */
  guide: {
    description: GUIDE_DESCRIPTION,
    stacks: ['node-http', 'express', 'fastify', 'hono', 'fastapi', 'flask', 'drf'],
    scenarios: [GUIDE_REFERENCE.scenario, GUIDE_REFERENCE.overheadScenario],
    // In this order: a validation-independent scenario (json) runs once per stack, in the
    // first of these the stack has: zod on Node, native (pydantic, Marshmallow, DRF) on Python.
    validations: ['zod', 'native', 'off'],
    rounds: GUIDE.rounds,
    windows: GUIDE.windows,
    durationS: GUIDE.durationS,
    warmupS: GUIDE.warmupS,
    connections: 32,
    reference: GUIDE_REFERENCE,
  },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** The published figures a profile answers, as results.json stores them (a mutable copy). */
export function referenceOf(profile: Profile): Reference | undefined {
  const r = profile.reference;
  return r === undefined ? undefined : { ...r, claims: { ...r.claims } };
}
