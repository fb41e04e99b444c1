/**
 * What container isolation costs, in words: for the methods text and the headline legend of
 * a run whose servers ran in containers. Whether they did is what the results file says
 * (`manifest.memory`), not the isolation's name.
 */
import type { Results } from '../shared/results/schema.js';
import { type RunView, stackLabel } from './runs.js';
import { DASH, formatSigned } from './table.js';

/** The run measured memory as a container cgroup's working set: its servers ran in containers. */
export function inContainers(results: Results): boolean {
  return results.manifest.memory === 'container-working-set';
}

export const CONTAINER_MEMORY =
  `This run used docker isolation: its memory figures (Peak RSS) are the container cgroup's ` +
  `working set, not a process's VmRSS.`;

/** `+4.7 %`, `−3.2 %`, `—`. */
export function signedPercent(n: number | undefined): string {
  const text = formatSigned(n, 1);
  return text === DASH ? DASH : `${text} %`;
}

/**
 * For the methods text of a run in containers: what the container cost (or that it was not
 * measured), and what the memory figures are. Empty for other runs.
 */
export function containerMethodsText(run: RunView): string[] {
  const results = run.results;
  if (!inContainers(results)) return [];
  const o = results.calibration.containerOverhead;
  return [
    o
      ? `Container overhead: ${stackLabel(run, o.stack)} ${o.scenario} in a container ran at ` +
        `${signedPercent(o.rpsChangePercent)} req/s and ${signedPercent(o.cpuChangePercent)} CPU ` +
        `per request against a plain process (medians over ${o.rounds} interleaved ` +
        `${o.rounds === 1 ? 'round' : 'rounds'}, no confidence interval; see Container overhead).`
      : `Container overhead: not measured in this run, so what the container costs is unknown.`,
    CONTAINER_MEMORY,
  ];
}

/** For the headline legend of a run in containers with a measured overhead; empty otherwise. */
export function containerHeadlineText(run: RunView): string {
  const o = run.results.calibration.containerOverhead;
  if (!inContainers(run.results) || !o) return '';
  return (
    `Every server ran in a container; on ${stackLabel(run, o.stack)} ${o.scenario} that changed req/s ` +
    `by ${signedPercent(o.rpsChangePercent)} against a plain process (see Container overhead).`
  );
}
