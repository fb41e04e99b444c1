/**
 * How the embedded generator splits a job over its workers: one per load CPU (pinned to it),
 * never more workers than connections, connections and the arrival rate shared out evenly.
 */
import { expandCpuList } from '../../options.js';
import type { LoadJob } from '../driver.js';

export interface WorkerShare {
  /** The CPU this worker is pinned to; undefined runs unpinned. */
  cpu: number | undefined;
  /** Closed model: its connections; open model: its pool's maximum. */
  connections: number;
  /** Open model: its share of the arrival rate, requests/s. */
  rate?: number;
}

/**
 * One share per CPU of `job.cpus` (one unpinned worker when the job is not pinned), or
 * `workers` shares spread round-robin over those CPUs when given (tests run two workers on
 * one CPU to check the merge).
 */
export function planWorkers(
  job: Pick<LoadJob, 'cpus' | 'connections' | 'rate'>,
  workers?: number,
): WorkerShare[] {
  const cpus: (number | undefined)[] =
    job.cpus === undefined ? [undefined] : expandCpuList(job.cpus);
  if (cpus.length === 0)
    throw new Error(`cpus: expected a CPU list such as "0" or "0-2", got "${job.cpus}"`);
  const count = Math.max(1, Math.min(workers ?? cpus.length, job.connections));
  return Array.from({ length: count }, (_, i) => ({
    cpu: cpus[i % cpus.length],
    connections: Math.floor(job.connections / count) + (i < job.connections % count ? 1 : 0),
    ...(job.rate !== undefined && { rate: job.rate / count }),
  }));
}
