/**
 * One trial: a fresh server process → one warm-up → `windows` measured windows, with the
 * server's CPU sampled at every window boundary and its memory during the windows → stop →
 * per-window and total metrics, each with its validity.
 *
 * A driver with `capabilities.windows` measures every window in one run and signals each
 * boundary; any other driver runs once per window against the same server (warm-up only
 * before the first).
 */
import type { LoadDriver, LoadJob, WindowResult } from '../drivers/driver.js';
import { AbortedError } from '../exit-codes.js';
import type { Isolation, ResourceUsage, ServerHandle, ServerSpec } from '../isolation/isolation.js';
import { expandCpuList } from '../options.js';
import type { LatencyUs, Trial, TrialMetrics, TrialWindow } from '../results/schema.js';
import { machineClocks } from '../sampling/machine.js';
import { dryRunScenario, needsDryRun } from '../scenarios/dry-run.js';
import { expectedStatuses } from '../scenarios/render.js';
import { ScenarioRunError } from '../scenarios/saved-field.js';
import { classifyTrial, countUnexpected, DEFAULT_RULES, type ValidityRules } from './validity.js';

export interface TrialContext {
  isolation: Isolation;
  driver: LoadDriver;
  rules?: ValidityRules;
  /** How often RSS is sampled during the windows. */
  sampleEveryMs?: number;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface TrialInput {
  id: string;
  /** The stack as the results name it, when not the server's own name (`ab`'s `x@base`). */
  stackLabel?: string;
  round: number;
  order: number;
  server: ServerSpec;
  /** `job.windows` measured windows (default 1) follow one warm-up. */
  job: Omit<LoadJob, 'url'>;
  /**
   * CPUs the server can keep busy at once: its CPU budget is the smaller of this and its
   * CPU set. @default 1 (one event loop; its helper threads do not make a second core)
   */
  serverThreads?: number;
}

/** The server's CPU budget in cores: its CPU set (1 when unpinned), capped at its threads. */
export function serverCores(spec: ServerSpec, threads = 1): number {
  const set = spec.cpus === undefined ? 1 : Math.max(1, expandCpuList(spec.cpus).length);
  return Math.min(set, threads);
}

/** What a window boundary reads: the server's usage, the machine's task CPU, stackbench's own. */
interface Mark {
  usage: ResourceUsage | undefined;
  /** stackbench's own CPU seconds (this process, all its threads). */
  ownS: number;
  /** The machine's task CPU seconds over all CPUs (/proc/stat). */
  machineS?: number;
  /** Steal seconds of the server's CPUs (/proc/stat): time the hypervisor took from them. */
  stealS?: number;
}

interface Measured {
  result: WindowResult;
  serverCpuS: number;
  /** CPU seconds used by processes other than the server, the generator and stackbench. */
  otherCpuS?: number;
  /** Steal seconds on the server's CPUs over the window. */
  stealS?: number;
  /** Main-thread running + runnable seconds, where the isolation reads them. */
  serverBusyS?: number;
  rssPeakBytes: number;
}

export async function runTrial(ctx: TrialContext, input: TrialInput): Promise<Trial> {
  const now = ctx.now ?? (() => new Date());
  const base = {
    id: input.id,
    round: input.round,
    order: input.order,
    stack: input.stackLabel ?? input.server.stack,
    scenario: input.job.scenario.scenario.name,
    validation: input.server.validation,
    driver: ctx.driver.name,
    startedAt: now().toISOString(),
    flags: [] as string[],
  };

  let server: ServerHandle;
  try {
    server = await ctx.isolation.start(input.server);
  } catch (error) {
    if (ctx.signal?.aborted) throw new AbortedError();
    return {
      ...base,
      state: 'crashed',
      reason: `server did not start: ${(error as Error).message}`,
    };
  }

  // A scenario that saves a response goes through once before any load: a saved field the
  // server's answer lacks makes the trial invalid now, not after a warm-up and a window.
  const scenario = input.job.scenario.scenario;
  const problem = needsDryRun(scenario) ? await dryRunScenario(server.url, scenario) : undefined;
  if (problem !== undefined) {
    await server.stop();
    if (ctx.signal?.aborted) throw new AbortedError();
    return { ...base, state: 'invalid', reason: `before load: ${problem}` };
  }

  let stopping = false;
  let crash: string | undefined;
  /** The scenario could not go on under load (a saved field missing): the trial is invalid. */
  let stopped: string | undefined;
  void server.exited.then(({ code, signal }) => {
    if (!stopping) {
      const tail = server.stderr().trim().split('\n').slice(-3).join(' | ');
      crash = `server exited mid-trial (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`;
    }
  });

  let windowPeak = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    const usage = server.usage();
    if (usage !== undefined) windowPeak = Math.max(windowPeak, usage.rssBytes);
    return usage;
  };
  const serverCpuSet = input.server.cpus === undefined ? [] : expandCpuList(input.server.cpus);
  /** A window boundary: the server's usage, the machine's and stackbench's own CPU. */
  const mark = (): Mark => {
    const own = process.cpuUsage();
    const clocks = machineClocks(serverCpuSet);
    return {
      usage: sample(),
      ownS: (own.user + own.system) / 1e6,
      ...(clocks !== undefined && { machineS: clocks.taskS, stealS: clocks.stealS }),
    };
  };
  const startSampler = () => {
    if (sampler !== undefined) return;
    sampler = setInterval(sample, ctx.sampleEveryMs ?? 250);
    sampler.unref();
  };
  const cpuBetween = (a: ResourceUsage | undefined, b: ResourceUsage | undefined) =>
    a !== undefined && b !== undefined ? b.cpuS - a.cpuS : 0;
  const busyBetween = (a: ResourceUsage | undefined, b: ResourceUsage | undefined) =>
    a?.busyS !== undefined && b?.busyS !== undefined ? b.busyS - a.busyS : undefined;
  /** Ends a window at mark `end`: its server CPU from `start`, its own RSS peak. */
  const close = (result: WindowResult, start: Mark | undefined, end: Mark): Measured => {
    const serverCpuS = cpuBetween(start?.usage, end.usage);
    const busy = busyBetween(start?.usage, end.usage);
    const other = otherCpuS(start, end, serverCpuS, result.generatorCpuS);
    const steal =
      start?.stealS !== undefined && end.stealS !== undefined && serverCpuSet.length > 0
        ? Math.max(0, end.stealS - start.stealS)
        : undefined;
    const measured = {
      result,
      serverCpuS,
      ...(busy !== undefined && { serverBusyS: busy }),
      ...(other !== undefined && { otherCpuS: other }),
      ...(steal !== undefined && { stealS: steal }),
      rssPeakBytes: windowPeak,
    };
    windowPeak = end.usage?.rssBytes ?? 0;
    return measured;
  };

  const windows = Math.max(1, input.job.windows ?? 1);
  const done: Measured[] = [];
  let exact: WindowResult | undefined;
  try {
    if (ctx.driver.capabilities.windows) {
      const marks: Mark[] = [];
      const result = await ctx.driver.run(
        { ...input.job, url: server.url, windows },
        {
          signal: ctx.signal,
          onMeasureStart: () => {
            marks[0] = mark();
            startSampler();
          },
          onWindowEnd: (i) => {
            marks[i + 1] = mark();
          },
        },
      );
      const parts = result.windows ?? [result];
      if (marks.length < parts.length + 1) marks[parts.length] = mark();
      parts.forEach((part, i) => done.push(close(part, marks[i], marks[i + 1] ?? mark())));
      // The driver merged its windows exactly (e.g. HDR histograms): keep its totals' latency.
      exact = result;
    } else {
      for (let i = 0; i < windows; i++) {
        let start: Mark | undefined;
        const result = await ctx.driver.run(
          {
            ...input.job,
            url: server.url,
            windows: 1,
            warmupS: i === 0 ? input.job.warmupS : 0,
            seed: input.job.seed + i,
          },
          {
            signal: ctx.signal,
            onMeasureStart: () => {
              start = mark();
              startSampler();
            },
          },
        );
        done.push(close(result, start, mark()));
        if (crash !== undefined) break;
      }
    }
  } catch (error) {
    clearInterval(sampler);
    if (ctx.signal?.aborted) {
      stopping = true;
      await server.stop();
      throw new AbortedError();
    }
    if (error instanceof ScenarioRunError) stopped = `under load: ${error.message}`;
    else crash ??= `load driver failed: ${(error as Error).message}`;
  }
  clearInterval(sampler);
  const peakRss = Math.max(0, server.peakRssBytes() ?? 0, ...done.map((w) => w.rssPeakBytes));
  // A server that died on its own was caught by the exit watcher; dying when told to is fine.
  stopping = true;
  await server.stop();

  const rules = ctx.rules ?? DEFAULT_RULES;
  const expected = expectedStatuses(input.job.scenario.scenario);
  const cores = serverCores(input.server, input.serverThreads);
  const extra = {
    serverCores: cores,
    ...(input.job.rate !== undefined && { targetRps: input.job.rate }),
  };
  const setSize = Math.max(1, serverCpuSet.length);
  const perWindow = done.map((w) => metricsOf(w, w.rssPeakBytes, expected, extra, setSize));
  const metrics =
    done.length === 0
      ? undefined
      : totals(done, perWindow, exact, peakRss, expected, extra, setSize);
  const verdict =
    stopped !== undefined && crash === undefined
      ? { state: 'invalid' as const, reason: stopped, flags: [] }
      : classifyTrial(metrics, crash, rules);
  const trialWindows: TrialWindow[] | undefined =
    windows > 1
      ? perWindow.map((m) => {
          const v = classifyTrial(m, undefined, rules);
          return {
            state: v.state,
            ...(v.reason !== undefined && { reason: v.reason }),
            flags: v.flags,
            metrics: m,
          };
        })
      : undefined;
  return {
    ...base,
    state: verdict.state,
    ...(verdict.reason !== undefined && { reason: verdict.reason }),
    flags: verdict.flags,
    ...(metrics !== undefined && { metrics }),
    ...(trialWindows !== undefined && { windows: trialWindows }),
  };
}

type Extra = Pick<TrialMetrics, 'serverCores' | 'targetRps'>;

/** CPU a boundary pair saw used by anyone but the server, the generator and stackbench. */
function otherCpuS(
  start: Mark | undefined,
  end: Mark,
  serverCpuS: number,
  generatorCpuS: number,
): number | undefined {
  if (start?.machineS === undefined || end.machineS === undefined) return undefined;
  const ours = serverCpuS + generatorCpuS + (end.ownS - start.ownS);
  return Math.max(0, end.machineS - start.machineS - ours);
}

/**
 * One window's (or a trial's) metrics. `setSize`: the server's CPUs, over which steal is
 * read; the share of their time the hypervisor took is time the server could not have been
 * busy, so saturation is judged on the rest.
 */
function metricsOf(
  measured: Omit<Measured, 'rssPeakBytes'>,
  rssPeakBytes: number,
  expected: ReadonlySet<number>,
  extra: Extra,
  setSize: number,
): TrialMetrics {
  const { result, serverCpuS, serverBusyS, otherCpuS, stealS } = measured;
  const generatorBudgetS = result.durationS * result.generatorCores;
  const stealShare =
    stealS === undefined ? undefined : Math.min(0.5, stealS / (result.durationS * setSize));
  const serverBudgetS = result.durationS * (extra.serverCores ?? 1) * (1 - (stealShare ?? 0));
  return {
    requests: result.requests,
    durationS: result.durationS,
    rps: result.requests / result.durationS,
    latencyUs: result.latencyUs,
    cpuUsPerRequest: result.requests === 0 ? 0 : (serverCpuS * 1e6) / result.requests,
    serverCpuPercent: (100 * serverCpuS) / result.durationS,
    ...(serverBusyS !== undefined && { serverBusyPercent: (100 * serverBusyS) / serverBudgetS }),
    ...(stealShare !== undefined && { serverStealPercent: 100 * stealShare }),
    rssPeakBytes,
    bytesPerSec: result.bytes / result.durationS,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts: result.statusCounts,
    unexpectedStatuses: countUnexpected(result.statusCounts, expected),
    generatorCpuPercent: (100 * result.generatorCpuS) / generatorBudgetS,
    ...(result.generatorWaitS !== undefined && {
      generatorBusyPercent:
        (100 * (result.generatorCpuS + result.generatorWaitS)) / generatorBudgetS,
    }),
    ...(result.generatorWorkS !== undefined && {
      generatorWorkPercent: (100 * result.generatorWorkS) / generatorBudgetS,
    }),
    ...(otherCpuS !== undefined && { otherCpuPercent: (100 * otherCpuS) / result.durationS }),
    ...(result.dropped !== undefined && { dropped: result.dropped }),
    ...(result.late !== undefined && { late: result.late }),
    ...(result.lateBehind !== undefined && { lateBehind: result.lateBehind }),
    ...extra,
  };
}

/**
 * The trial's totals over its windows. Latency: the driver's own merge when it measured the
 * windows in one run; else, per percentile, the request-weighted mean of the windows'
 * (an approximation: percentiles do not add) and the largest max.
 */
function totals(
  done: readonly Measured[],
  perWindow: readonly TrialMetrics[],
  exact: WindowResult | undefined,
  peakRss: number,
  expected: ReadonlySet<number>,
  extra: Extra,
  setSize: number,
): TrialMetrics {
  const sum = (f: (r: WindowResult) => number) => done.reduce((a, w) => a + f(w.result), 0);
  const statusCounts: Record<string, number> = {};
  for (const w of done)
    for (const [status, n] of Object.entries(w.result.statusCounts))
      statusCounts[status] = (statusCounts[status] ?? 0) + n;
  const requests = sum((r) => r.requests);
  const durationS = sum((r) => r.durationS);
  const generatorCoreS = sum((r) => r.durationS * r.generatorCores);
  const dropped = done.some((w) => w.result.dropped !== undefined)
    ? sum((r) => r.dropped ?? 0)
    : undefined;
  const late = done.some((w) => w.result.late !== undefined) ? sum((r) => r.late ?? 0) : undefined;
  const lateBehind = done.every((w) => w.result.lateBehind !== undefined)
    ? sum((r) => r.lateBehind ?? 0)
    : undefined;
  const generatorWaitS = done.every((w) => w.result.generatorWaitS !== undefined)
    ? sum((r) => r.generatorWaitS ?? 0)
    : undefined;
  const generatorWorkS = done.every((w) => w.result.generatorWorkS !== undefined)
    ? sum((r) => r.generatorWorkS ?? 0)
    : undefined;
  const merged: WindowResult = {
    requests,
    durationS,
    latencyUs: exact?.latencyUs ?? weightedLatency(perWindow),
    statusCounts,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    bytes: sum((r) => r.bytes),
    generatorCpuS: sum((r) => r.generatorCpuS),
    ...(generatorWaitS !== undefined && { generatorWaitS }),
    ...(generatorWorkS !== undefined && { generatorWorkS }),
    generatorCores: generatorCoreS / durationS,
    ...(dropped !== undefined && { dropped }),
    ...(late !== undefined && { late }),
    ...(lateBehind !== undefined && { lateBehind }),
  };
  const serverCpuS = done.reduce((a, w) => a + w.serverCpuS, 0);
  const serverBusyS = done.every((w) => w.serverBusyS !== undefined)
    ? done.reduce((a, w) => a + (w.serverBusyS ?? 0), 0)
    : undefined;
  const otherCpuS = done.every((w) => w.otherCpuS !== undefined)
    ? done.reduce((a, w) => a + (w.otherCpuS ?? 0), 0)
    : undefined;
  const stealS = done.every((w) => w.stealS !== undefined)
    ? done.reduce((a, w) => a + (w.stealS ?? 0), 0)
    : undefined;
  return metricsOf(
    {
      result: merged,
      serverCpuS,
      ...(serverBusyS !== undefined && { serverBusyS }),
      ...(otherCpuS !== undefined && { otherCpuS }),
      ...(stealS !== undefined && { stealS }),
    },
    peakRss,
    expected,
    extra,
    setSize,
  );
}

function weightedLatency(windows: readonly TrialMetrics[]): LatencyUs {
  const total = windows.reduce((a, w) => a + w.requests, 0);
  const weight = (w: TrialMetrics) => (total === 0 ? 1 / windows.length : w.requests / total);
  const avg = (k: Exclude<keyof LatencyUs, 'max'>) =>
    windows.reduce((a, w) => a + weight(w) * w.latencyUs[k], 0);
  return {
    p50: avg('p50'),
    p90: avg('p90'),
    p99: avg('p99'),
    p999: avg('p999'),
    max: Math.max(0, ...windows.map((w) => w.latencyUs.max)),
    mean: avg('mean'),
  };
}
