/**
 * The validity rules for one measured window or trial (docs/design.md §5, issue 10), a pure function
 * of what was measured. Validity is judged on the server: a throughput is the server's only
 * when the server used (about) all of its CPU budget, whatever the generator did.
 */
import { generatorLoadPercent } from '../../shared/results/generator-load.js';
import type { TrialMetrics, TrialState } from '../results/schema.js';

export { generatorLoadPercent };

/** The thresholds a run judged its trials by; results record them (the single definition). */
export interface ValidityRules {
  /**
   * Server CPU, % of its budget (its cores), at or above which the server was saturated and
   * a closed-model window is valid whatever the generator did.
   * @default 95
   */
  serverSaturatedPercent: number;
  /**
   * Generator CPU, % of its budget, at or above which a window whose server had room is
   * generator-bound (its throughput a floor) rather than not-saturated.
   * @default 90
   */
  generatorBoundPercent: number;
  /**
   * CPU used during the window by processes other than the server, the generator and
   * stackbench, % of one core, at or above which the window is contended: on a small
   * virtual machine even an idle-priority compiler slows the measured processes severalfold.
   * @default 20
   */
  otherCpuLimitPercent?: number;
  /**
   * Open model: late sends (started beyond the driver's tolerance after their intended
   * time) at wake-ups that followed late ones, % of the requests, above which the generator
   * fell behind its schedule and the window is invalid ({@link lateSendProblem}).
   * @default 1
   */
  lateSendLimitPercent?: number;
  /**
   * Open model: late sends of any kind, stalls of the host included, % of the requests,
   * above which the generator was stalled for too much of its schedule and the window is
   * invalid. A stall's lateness is in the latency: stalls up to this share are forgiven.
   * @default 5
   */
  stallLimitPercent?: number;
}

export const DEFAULT_RULES: ValidityRules = {
  serverSaturatedPercent: 95,
  generatorBoundPercent: 90,
  otherCpuLimitPercent: 20,
  lateSendLimitPercent: 1,
  stallLimitPercent: 5,
};

export interface Verdict {
  state: TrialState;
  reason?: string;
  flags: string[];
}

/**
 * How busy the server was, as % of its budget: the time its event loop had work (running or
 * waiting for its CPU) where the isolation measures it — so a neighbour that steals the
 * server's core does not make a saturated server look idle — else its CPU time
 * (serverCpuPercent is % of one core, the budget `serverCores`).
 */
export function serverLoadPercent(metrics: TrialMetrics): number {
  return metrics.serverBusyPercent ?? metrics.serverCpuPercent / (metrics.serverCores ?? 1);
}

/**
 * The late-send rule (open model): what is wrong with the generator's schedule, else undefined.
 * - Behind: more than `lateSendLimitPercent` of the requests left late at wake-ups that
 *   followed late ones (`lateBehind`): the generator could not catch up.
 * - Stalled: more than `stallLimitPercent` left late in all. One stall (a VM pause, a GC) is
 *   caught up at the next wake-up and its lateness is in the latency: a 20-ms pause alone is
 *   1 % of a 1-s window, and failed capacity steps and equal-load trials on this 2-vCPU host.
 * A driver that does not tell the two apart (no `lateBehind`), or a file from before the stall
 * limit, judges every late send by `lateSendLimitPercent`. Trials and capacity steps both
 * judge their generator's schedule by it.
 */
export function lateSendProblem(
  metrics: Pick<TrialMetrics, 'late' | 'lateBehind' | 'requests'>,
  rules: Pick<ValidityRules, 'lateSendLimitPercent' | 'stallLimitPercent'>,
): string | undefined {
  const late = metrics.late ?? 0;
  const percentOf = (n: number) => (100 * n) / Math.max(1, metrics.requests);
  const share = (n: number) => `${n} of ${metrics.requests} sends (${percentOf(n).toFixed(1)} %)`;
  const behindLimit = rules.lateSendLimitPercent;
  const stallLimit = rules.stallLimitPercent;
  if (metrics.lateBehind === undefined || stallLimit === undefined) {
    if (behindLimit === undefined || !(percentOf(late) > behindLimit)) return undefined;
    return `${share(late)} left late (limit ${behindLimit} %): the generator fell behind its schedule`;
  }
  if (behindLimit !== undefined && percentOf(metrics.lateBehind) > behindLimit)
    return `${share(metrics.lateBehind)} left late at wake-ups that followed late ones (limit ${behindLimit} %): the generator fell behind its schedule`;
  if (percentOf(late) > stallLimit)
    return `${share(late)} left late (limit ${stallLimit} %): the generator was stalled (a paused host, a busy CPU) for too much of its schedule`;
  return undefined;
}

/**
 * The generator-bound rule: what is wrong when the generator's load ({@link
 * generatorLoadPercent}: its CPU plus the wait for it) reached `generatorBoundPercent`, else
 * undefined. Trials and capacity steps both judge their generator's CPU by it.
 */
export function generatorBoundProblem(
  metrics: Pick<
    TrialMetrics,
    'generatorCpuPercent' | 'generatorBusyPercent' | 'generatorWorkPercent'
  >,
  rules: Pick<ValidityRules, 'generatorBoundPercent'>,
): string | undefined {
  const load = generatorLoadPercent(metrics);
  if (load < rules.generatorBoundPercent) return undefined;
  if (metrics.generatorWorkPercent !== undefined)
    return `load generator at work ${load.toFixed(0)} % of the time (it polls) (limit ${rules.generatorBoundPercent} %)`;
  const waited =
    load > metrics.generatorCpuPercent + 1
      ? ` (CPU ${metrics.generatorCpuPercent.toFixed(0)} %, the rest waiting for its CPU)`
      : '';
  return `load generator at ${load.toFixed(0)} % of its CPU${waited} (limit ${rules.generatorBoundPercent} %)`;
}

/**
 * crashed > invalid > contended > valid (server saturated) > generator-bound > not-saturated.
 * - invalid: any unexpected status, socket error, timeout or dropped iteration (open
 *   model), or no response at all;
 * - contended: other processes used ≥ `otherCpuLimitPercent` of a core during the window;
 * - valid: the server used ≥ `serverSaturatedPercent` of its budget — the generator's CPU
 *   does not matter then (it kept the server busy); an open-model window sets its own rate,
 *   so an idle server there is the point and it is valid too;
 * - generator-bound: the server had room and the generator was at ≥ `generatorBoundPercent`
 *   of its CPU (counting the time it waited for its CPU, where measured): the server's
 *   number is a floor, not a capacity;
 * - not-saturated: both had room (closed model) — something else (connections, the network
 *   stack, a lock) held the load back; its numbers are labelled and never ranked.
 */
export function classifyTrial(
  metrics: TrialMetrics | undefined,
  crash: string | undefined,
  rules: ValidityRules = DEFAULT_RULES,
): Verdict {
  if (crash !== undefined) return { state: 'crashed', reason: crash, flags: [] };
  if (metrics === undefined) return { state: 'invalid', reason: 'nothing was measured', flags: [] };
  const problems: string[] = [];
  if (metrics.requests === 0) problems.push('no response in the window');
  if (metrics.unexpectedStatuses > 0) {
    const share = ((100 * metrics.unexpectedStatuses) / Math.max(1, metrics.requests)).toFixed(2);
    problems.push(`${metrics.unexpectedStatuses} unexpected statuses (${share} %)`);
  }
  if (metrics.errors > 0) problems.push(`${metrics.errors} socket errors`);
  if (metrics.timeouts > 0) problems.push(`${metrics.timeouts} timeouts`);
  if ((metrics.dropped ?? 0) > 0) {
    problems.push(
      `${metrics.dropped} dropped iterations (the generator could not keep the arrival rate)`,
    );
  }
  const late = lateSendProblem(metrics, rules);
  if (late !== undefined) problems.push(late);
  if (problems.length > 0) return { state: 'invalid', reason: problems.join(', '), flags: [] };

  const otherLimit = rules.otherCpuLimitPercent;
  if (
    otherLimit !== undefined &&
    metrics.otherCpuPercent !== undefined &&
    metrics.otherCpuPercent >= otherLimit
  ) {
    return {
      state: 'contended',
      reason: `other processes used ${metrics.otherCpuPercent.toFixed(0)} % of a CPU during the window (limit ${otherLimit} %): it measured them as much as the server; close them and run again`,
      flags: ['contended'],
    };
  }

  // An open-model run sets its own rate: an idle server there is the point, not a flaw.
  if (metrics.targetRps !== undefined) return { state: 'valid', flags: [] };
  const server = serverLoadPercent(metrics);
  if (server >= rules.serverSaturatedPercent) return { state: 'valid', flags: [] };
  const room =
    metrics.serverBusyPercent === undefined
      ? `server at ${server.toFixed(0)} % of its CPU (saturated from ${rules.serverSaturatedPercent} %)`
      : `server busy ${server.toFixed(0)} % of the window (saturated from ${rules.serverSaturatedPercent} %)`;
  const bound = generatorBoundProblem(metrics, rules);
  if (bound !== undefined) {
    return {
      state: 'generator-bound',
      reason: `${room}, ${bound}: the server may have more to give`,
      flags: [],
    };
  }
  return {
    state: 'not-saturated',
    reason: `${room}, load generator at ${generatorLoadPercent(metrics).toFixed(0)} %: neither was the limit, so these numbers are not a capacity`,
    flags: ['not-saturated'],
  };
}

/** Responses whose status the scenario did not list. */
export function countUnexpected(
  statusCounts: Record<string, number>,
  expected: ReadonlySet<number>,
): number {
  let n = 0;
  for (const [status, count] of Object.entries(statusCounts))
    if (!expected.has(Number(status))) n += count;
  return n;
}
