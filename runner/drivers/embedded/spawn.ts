/**
 * Starts one generator worker process, pinned to one CPU when given. Every worker is spawned
 * here and only here, so that making children die with their runner is one edit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { compiledFile } from '../../paths.js';

export const WORKER_FILE = 'runner/drivers/embedded/worker.js';

export function spawnWorker(job: unknown, cpu: number | undefined): ChildProcess {
  const argv = [compiledFile(WORKER_FILE), JSON.stringify(job)];
  const stdio: ['ignore', 'inherit', 'pipe', 'ipc'] = ['ignore', 'inherit', 'pipe', 'ipc'];
  return cpu === undefined
    ? spawn(process.execPath, argv, { stdio })
    : spawn('taskset', ['-c', String(cpu), process.execPath, ...argv], { stdio });
}
