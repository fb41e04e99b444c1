/** The end-of-sweep table: per cell and level, req/s and p50/p99 with intervals, the knee marked. */
import Table from 'cli-table3';
import type { Sweep } from '../results/schema.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const us = (v: number) => (v >= 10_000 ? `${one.format(v / 1000)} ms` : `${int.format(v)} µs`);

export function sweepTable(sweep: Sweep): string {
  const table = new Table({
    head: [
      'scenario',
      'stack',
      sweep.model === 'closed' ? 'connections' : 'offered req/s',
      'req/s (95 % CI)',
      'p50',
      'p99 (95 % CI)',
      'trials',
      'flags',
    ],
    style: { head: [], border: [] },
  });
  const knee = (p: { stack: string; scenario: string; validation: string }) =>
    sweep.knees.find(
      (k) => k.stack === p.stack && k.scenario === p.scenario && k.validation === p.validation,
    )?.level;
  for (const p of sweep.summary) {
    table.push([
      p.scenario,
      p.stack,
      `${int.format(p.level)}${knee(p) === p.level ? ' ◀ knee' : ''}`,
      p.rps
        ? `${int.format(p.rps.estimate)} (${int.format(p.rps.low)}–${int.format(p.rps.high)})`
        : '—',
      p.latencyUs ? us(p.latencyUs.p50.estimate) : '—',
      p.latencyUs
        ? `${us(p.latencyUs.p99.estimate)} (${us(p.latencyUs.p99.low)}–${us(p.latencyUs.p99.high)})`
        : '—',
      `${p.measured}/${p.trials}`,
      p.flags.join(', '),
    ]);
  }
  const knees = sweep.knees.map(
    (k) =>
      `${k.stack} ${k.scenario}: ${k.level === null ? `no knee (${k.because})` : `knee at ${int.format(k.level)} (${k.because})`}`,
  );
  return `${table.toString()}\nKnee: the last level before throughput gained < ${sweep.knee.minThroughputGain * 100} % while p99 grew > ${sweep.knee.minLatencyGrowth * 100} %.\n${knees.join('\n')}`;
}
