/**
 * Starts one generator worker process, pinned to one CPU when given, tethered to this process
 * (it dies with its runner: runner/process/tethered.ts). Every worker is spawned here and only
 * here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { compiledFile } from '../../paths.js';
import { tethered } from '../../process/tethered.js';

export const WORKER_FILE = 'runner/drivers/embedded/worker.js';

export function spawnWorker(job: unknown, cpu: number | undefined): ChildProcess {
  const argv = [compiledFile(WORKER_FILE), JSON.stringify(job)];
  const t = tethered(process.execPath, argv, cpu === undefined ? {} : { cpus: String(cpu) });
  return spawn(t.file, t.args, {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, ...t.env },
  });
}
