/**
 * Test doubles for orchestration only: a driver that returns scripted numbers instantly
 * and an isolation that starts nothing. Never used to test a driver or a server.
 */
import type { LoadDriver, LoadJob, LoadResult, WindowResult } from '../../runner/drivers/driver.js';
import type { Isolation, ServerHandle, ServerSpec } from '../../runner/isolation/isolation.js';
import { AbortedError } from '../../runner/exit-codes.js';

export interface Script {
  /** req/s for a (stack, scenario, validation, round) key; default 1000. */
  rps?: (spec: ServerSpec, job: LoadJob) => number;
  /** Make this start call's server die mid-trial. */
  crash?: (spec: ServerSpec, call: number) => boolean;
  /** Called before each driver run (e.g. to check the results file or abort). */
  beforeRun?: (call: number) => void | Promise<void>;
  /**
   * The server's CPU while loaded, % of one core, for (spec, window index within the
   * trial); default 100 (saturated). The fake server's CPU clock advances only under load.
   */
  serverCpuPercent?: (spec: ServerSpec, window: number) => number;
  /** The driver measures `job.windows` windows in one run (`capabilities.windows`). */
  windows?: boolean;
}

export function fakeRun(script: Script = {}) {
  const calls = { start: 0, run: 0, stop: 0, live: 0 };
  let current:
    | {
        spec: ServerSpec;
        crashed: boolean;
        resolveExit: (v: { code: number | null; signal: string | null }) => void;
        /** CPU seconds used so far; advanced by each measured window. */
        cpuS: number;
        /** Windows measured in this server so far. */
        window: number;
      }
    | undefined;

  const isolation: Isolation = {
    name: 'fake',
    capabilities: { containers: false, cpuSampling: true, needsCleanup: false, customEntry: true },
    unavailable: async () => undefined,
    async start(spec) {
      calls.start++;
      calls.live++;
      let resolveExit!: (v: { code: number | null; signal: string | null }) => void;
      const exited = new Promise<{ code: number | null; signal: string | null }>(
        (r) => (resolveExit = r),
      );
      const server = {
        spec,
        crashed: script.crash?.(spec, calls.start) ?? false,
        resolveExit,
        cpuS: 0.25, // start-up
        window: 0,
      };
      current = server;
      const handle: ServerHandle = {
        url: 'http://127.0.0.1:1',
        usage: () => ({ cpuS: server.cpuS, rssBytes: 50e6 }),
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
      windows: script.windows ?? false,
      multiCore: false,
      polling: false,
      latencyResolutionUs: 1,
    },
    version: async () => '0.0.0',
    unavailable: async () => undefined,
    options: () => ({ connections: 1, timeoutS: 1 }),
    async run(job, hooks): Promise<LoadResult> {
      calls.run++;
      await script.beforeRun?.(calls.run);
      if (hooks?.signal?.aborted) throw new AbortedError();
      const server = current!;
      // Warm-up load: the server works, nothing is measured.
      server.cpuS += (job.warmupS * (script.serverCpuPercent?.(server.spec, -1) ?? 100)) / 100;
      hooks?.onMeasureStart?.();
      const spec = server.spec;
      if (server.crashed) {
        server.resolveExit({ code: 1, signal: null });
        await new Promise((r) => setTimeout(r, 1));
      }
      const status = [...job.scenario.scenario.sequence[0]!.expect][0]!;
      const count = script.windows ? (job.windows ?? 1) : 1;
      const windows: WindowResult[] = [];
      for (let i = 0; i < count; i++) {
        const rps = script.rps?.(spec, { ...job }) ?? 1000;
        const requests = Math.round(rps * job.durationS);
        server.cpuS +=
          (job.durationS * (script.serverCpuPercent?.(spec, server.window) ?? 100)) / 100;
        server.window++;
        hooks?.onWindowEnd?.(i);
        windows.push({
          requests,
          durationS: job.durationS,
          latencyUs: { p50: 1000, p90: 2000, p99: 3000, p999: 4000, max: 5000, mean: 1100 },
          statusCounts: { [status]: requests },
          errors: server.crashed ? 10 : 0,
          timeouts: 0,
          bytes: requests * 100,
          generatorCpuS: 0.5 * job.durationS,
          generatorCores: 1,
        });
      }
      if (!script.windows) return windows[0]!;
      const sum = (f: (w: WindowResult) => number) => windows.reduce((a, w) => a + f(w), 0);
      const requests = sum((w) => w.requests);
      return {
        ...windows[0]!,
        requests,
        durationS: sum((w) => w.durationS),
        statusCounts: { [status]: requests },
        errors: sum((w) => w.errors),
        bytes: sum((w) => w.bytes),
        generatorCpuS: sum((w) => w.generatorCpuS),
        windows,
      };
    },
  };
  return { driver, isolation, calls };
}
