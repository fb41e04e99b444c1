/** Process isolation: every trial a fresh server process pinned with taskset, sampled from /proc. */
import { execFile } from 'node:child_process';
import { reportSweep, sweepOrphans } from '../process/orphans.js';
import { launchServer } from '../servers/launch.js';
import { findStack } from '../../servers/stacks.js';
import { sampleTree } from '../sampling/proc.js';
import type { Isolation, ServerHandle, ServerSpec } from './isolation.js';

export const SHUTDOWN_GRACE_MS = 2000;

export const processIsolation: Isolation = {
  name: 'process',
  capabilities: { containers: false, cpuSampling: true, needsCleanup: true, customEntry: true },

  unavailable() {
    return new Promise((resolve) => {
      execFile('taskset', ['-c', '0', 'true'], (error) =>
        resolve(
          error
            ? 'taskset is missing or cannot pin (it comes with util-linux: apt-get install util-linux)'
            : undefined,
        ),
      );
    });
  },

  /** Stops the servers and load generators a killed run left (their runner tag names it). */
  async cleanup() {
    reportSweep(sweepOrphans());
  },

  async start(spec: ServerSpec): Promise<ServerHandle> {
    const server = await launchServer({
      stack: spec.stack,
      validation: spec.validation,
      cpus: spec.cpus,
      env: spec.env,
      root: spec.root,
      entry: spec.entry,
    });
    // A custom entry (ab's other checkout) is a Node server: one event loop.
    const busyThreads = findStack(spec.stack)?.capabilities.busyThreads ?? 'main';
    const sample = () => sampleTree(server.pid, busyThreads);
    return {
      url: server.url,
      usage() {
        const s = sample();
        return s && { cpuS: s.cpuS, busyS: s.busyS, rssBytes: s.rssBytes };
      },
      peakRssBytes: () => sample()?.peakRssBytes,
      exited: server.exited,
      stop: () => server.stop(SHUTDOWN_GRACE_MS),
      stderr: server.stderr,
    };
  },
};
