/**
 * Test doubles for orchestration only: a driver that returns scripted numbers instantly
 * and an isolation that starts nothing. Never used to test a driver or a server.
 */
import type { LoadDriver, LoadJob, LoadResult } from '../../runner/drivers/driver.js';
import type { Isolation, ServerHandle, ServerSpec } from '../../runner/isolation/isolation.js';

export interface Script {
  /** req/s for a (stack, scenario, validation, round) key; default 1000. */
  rps?: (spec: ServerSpec, job: LoadJob) => number;
  /** Make this start call's server die mid-trial. */
  crash?: (spec: ServerSpec, call: number) => boolean;
  /** Called before each driver run (e.g. to check the results file or abort). */
  beforeRun?: (call: number) => void | Promise<void>;
}

export function fakeRun(script: Script = {}) {
  const calls = { start: 0, run: 0, stop: 0, live: 0 };
  let current:
    | {
        spec: ServerSpec;
        crashed: boolean;
        resolveExit: (v: { code: number | null; signal: string | null }) => void;
      }
    | undefined;

  const isolation: Isolation = {
    name: 'fake',
    unavailable: async () => undefined,
    async start(spec) {
      calls.start++;
      calls.live++;
      let resolveExit!: (v: { code: number | null; signal: string | null }) => void;
      const exited = new Promise<{ code: number | null; signal: string | null }>(
        (r) => (resolveExit = r),
      );
      current = { spec, crashed: script.crash?.(spec, calls.start) ?? false, resolveExit };
      let cpu = 0;
      const handle: ServerHandle = {
        url: 'http://127.0.0.1:1',
        usage: () => ({ cpuS: (cpu += 0.5), rssBytes: 50e6 }),
        peakRssBytes: () => 60e6,
        exited,
        stderr: () => 'boom: fake crash',
        async stop() {
          calls.stop++;
          calls.live--;
          resolveExit({ code: 0, signal: null });
          return exited;
        },
      };
      return handle;
    },
  };

  const driver: LoadDriver = {
    name: 'fake',
    capabilities: {
      openModel: false,
      pipelining: true,
      windows: false,
      multiCore: false,
      latencyResolutionUs: 1,
    },
    version: async () => '0.0.0',
    unavailable: async () => undefined,
    options: () => ({ connections: 1, timeoutS: 1 }),
    async run(job, hooks): Promise<LoadResult> {
      calls.run++;
      await script.beforeRun?.(calls.run);
      if (hooks?.signal?.aborted) throw new Error('aborted');
      hooks?.onMeasureStart?.();
      const spec = current!.spec;
      if (current!.crashed) {
        current!.resolveExit({ code: 1, signal: null });
        await new Promise((r) => setTimeout(r, 1));
      }
      const rps = script.rps?.(spec, { ...job }) ?? 1000;
      const requests = Math.round(rps * job.durationS);
      const status = [...job.scenario.scenario.sequence[0]!.expect][0]!;
      return {
        requests,
        durationS: job.durationS,
        latencyUs: { p50: 1000, p90: 2000, p99: 3000, p999: 4000, max: 5000, mean: 1100 },
        statusCounts: { [status]: requests },
        errors: current!.crashed ? 10 : 0,
        timeouts: 0,
        bytes: requests * 100,
        generatorCpuS: 0.5 * job.durationS,
        generatorCores: 1,
      };
    },
  };
  return { driver, isolation, calls };
}
