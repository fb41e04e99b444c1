/**
 * One trial: a fresh server → the driver's warm-up and measured window, with the server's
 * CPU and memory sampled around and during the window → stop → metrics and validity.
 */
import type { LoadDriver, LoadJob } from '../drivers/driver.js';
import type { Isolation, ResourceUsage, ServerSpec } from '../isolation/isolation.js';
import type { Trial, TrialMetrics } from '../results/schema.js';
import { expectedStatuses } from '../scenarios/render.js';
import { classifyTrial, countUnexpected, DEFAULT_RULES, type ValidityRules } from './validity.js';

export interface TrialContext {
  isolation: Isolation;
  driver: LoadDriver;
  rules?: ValidityRules;
  /** How often RSS is sampled during the window. */
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
  job: Omit<LoadJob, 'url'>;
}

export class AbortedError extends Error {
  constructor() {
    super('interrupted');
  }
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

  let server;
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

  let stopping = false;
  let crash: string | undefined;
  void server.exited.then(({ code, signal }) => {
    if (!stopping) {
      const tail = server.stderr().trim().split('\n').slice(-3).join(' | ');
      crash = `server exited mid-trial (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`;
    }
  });

  let startUsage: ResourceUsage | undefined;
  let peakRss = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    const usage = server.usage();
    if (usage !== undefined) peakRss = Math.max(peakRss, usage.rssBytes);
    return usage;
  };

  let metrics: TrialMetrics | undefined;
  try {
    const result = await ctx.driver.run(
      { ...input.job, url: server.url },
      {
        signal: ctx.signal,
        onMeasureStart: () => {
          startUsage = sample();
          sampler = setInterval(sample, ctx.sampleEveryMs ?? 250);
          sampler.unref();
        },
      },
    );
    const endUsage = sample();
    clearInterval(sampler);
    const serverCpuS =
      startUsage !== undefined && endUsage !== undefined ? endUsage.cpuS - startUsage.cpuS : 0;
    const expected = expectedStatuses(input.job.scenario.scenario);
    metrics = {
      requests: result.requests,
      durationS: result.durationS,
      rps: result.requests / result.durationS,
      latencyUs: result.latencyUs,
      cpuUsPerRequest: result.requests === 0 ? 0 : (serverCpuS * 1e6) / result.requests,
      serverCpuPercent: (100 * serverCpuS) / result.durationS,
      rssPeakBytes: Math.max(peakRss, server.peakRssBytes() ?? 0),
      bytesPerSec: result.bytes / result.durationS,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCounts: result.statusCounts,
      unexpectedStatuses: countUnexpected(result.statusCounts, expected),
      generatorCpuPercent:
        (100 * result.generatorCpuS) / (result.durationS * result.generatorCores),
      ...(result.dropped !== undefined && { dropped: result.dropped }),
      ...(input.job.rate !== undefined && { targetRps: input.job.rate }),
    };
  } catch (error) {
    clearInterval(sampler);
    if (ctx.signal?.aborted) {
      stopping = true;
      await server.stop();
      throw new AbortedError();
    }
    crash ??= `load driver failed: ${(error as Error).message}`;
  }
  // A server that died on its own was caught by the exit watcher; dying when told to is fine.
  stopping = true;
  await server.stop();
  const verdict = classifyTrial(metrics, crash, ctx.rules ?? DEFAULT_RULES);
  return {
    ...base,
    state: verdict.state,
    ...(verdict.reason !== undefined && { reason: verdict.reason }),
    flags: verdict.flags,
    ...(metrics !== undefined && { metrics }),
  };
}
