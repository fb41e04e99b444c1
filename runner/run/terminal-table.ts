/** The end-of-run table: median req/s with its CI, ratio, p50/p99, CPU µs per request, flags. */
import Table from 'cli-table3';
import type { Results } from '../results/schema.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
/** `+1.5` / `−1.5`, with a real minus sign. */
const signed = (v: number) => (v >= 0 ? `+${one.format(v)}` : `−${one.format(-v)}`);
const us = (v: number) => (v >= 10_000 ? `${one.format(v / 1000)} ms` : `${int.format(v)} µs`);

export function terminalTable(results: Results): string {
  const table = new Table({
    head: [
      'scenario',
      'stack',
      'validation',
      'req/s (95 % CI)',
      'CV',
      'vs node-http',
      'p50',
      'p99',
      'CPU µs/req',
      'validation cost',
      'trials',
      'flags',
    ],
    style: { head: [], border: [] },
  });
  const cells = [...results.summary].sort(
    (a, b) =>
      a.scenario.localeCompare(b.scenario) ||
      a.stack.localeCompare(b.stack) ||
      a.validation.localeCompare(b.validation),
  );
  for (const c of cells) {
    table.push([
      c.scenario,
      c.stack,
      c.validation,
      c.rps
        ? `${int.format(c.rps.estimate)} (${int.format(c.rps.low)}–${int.format(c.rps.high)})`
        : '—',
      c.rps ? `${(c.rps.cv * 100).toFixed(1)} %` : '—',
      c.ratioToBaseline
        ? `${c.ratioToBaseline.estimate.toFixed(2)}×`
        : c.stack === 'node-http'
          ? '1.00×'
          : '—',
      c.latencyUs ? us(c.latencyUs.p50.estimate) : '—',
      c.latencyUs ? us(c.latencyUs.p99.estimate) : '—',
      c.cpuUsPerRequest ? one.format(c.cpuUsPerRequest.estimate) : '—',
      c.validationOverhead
        ? `${signed(c.validationOverhead.cpuUsPerRequest.estimate)} µs, ${signed(-c.validationOverhead.throughputPercent.estimate)} % req/s`
        : '—',
      `${c.valid}/${c.trials}`,
      c.flags.join(', '),
    ]);
  }
  const ceiling = results.calibration.generatorCeiling;
  const note = ceiling
    ? `\nGenerator ceiling (${results.manifest.driver.name} vs node-http ${ceiling.scenario}): ${int.format(ceiling.rps)} req/s at ${int.format(ceiling.generatorCpuPercent)} % of its CPU.`
    : '';
  return table.toString() + note;
}
