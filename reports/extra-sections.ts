/**
 * The report sections for the optional parts of a results file: capacity under an SLO
 * (`capacity[]`), the load generators' ceilings (`calibration.driverCeilings`) and what
 * container isolation costs (`calibration.containerOverhead`). A section is absent when the
 * results file does not hold its part.
 */
import { generatorLoadPercent } from '../shared/results/generator-load.js';
import { generatorLoadText } from './generator-load.js';
import type { Capacity, Results } from '../shared/results/schema.js';
import { CONTAINER_MEMORY, inContainers, signedPercent } from './container-text.js';
import type { Note, Paragraph, ReportSection } from './report-model.js';
import { type RunView, cellLabel, stackLabel } from './runs.js';
import {
  type Column,
  DASH,
  buildTable,
  cell,
  formatLatency,
  formatMicros,
  formatPercent,
  formatRange,
  formatRps,
} from './table.js';

/** At or above this % of its CPU a load generator measured itself: the rule the run applied. */
export function generatorLimitPercent(results: Results): number {
  return results.validityRules.generatorBoundPercent;
}

type DriverCeiling = NonNullable<Results['calibration']['driverCeilings']>[number];
type CapacityStep = Capacity['steps'][number];

const legend = (text: string): Paragraph => ({ text, role: 'legend' });

/** Every optional section the run has, in report order. */
export function extraSections(run: RunView): ReportSection[] {
  return [capacitySection(run), driversSection(run), containerSection(run)].filter(
    (s): s is ReportSection => s !== undefined,
  );
}

// ---------------------------------------------------------------------------------------
// SLO

/**
 * The tightest latency bound (µs) the search's SLO (as the run parsed it) sets on
 * `percentile`: `p99<50ms` → 50 000. Undefined when the SLO says nothing about it.
 */
export function sloLimitUs(
  search: Pick<Capacity, 'sloRules'>,
  percentile: 'p50' | 'p90' | 'p99' | 'p999' = 'p99',
): number | undefined {
  const limits = search.sloRules.filter((r) => r.percentile === percentile).map((r) => r.limitUs);
  return limits.length === 0 ? undefined : Math.min(...limits);
}

// ---------------------------------------------------------------------------------------
// Capacity under SLO

const GENERATOR_BOUND = 'generator-bound';

/** `10,840`, `≥ 10,840` when a generator-bound step makes it a floor, `—` without a rate. */
export function sustainableText(c: Capacity): string {
  if (c.sustainableRps === null) return DASH;
  const text = formatRps(c.sustainableRps);
  return c.flags?.includes(GENERATOR_BOUND) ? `≥ ${text}` : text;
}

function capacityLabel(run: RunView, c: Capacity): string {
  return `${cellLabel(run, c)} (${c.driver}, SLO ${c.slo})`;
}

function capacitySection(run: RunView): ReportSection | undefined {
  if (run.capacity.length === 0) return undefined;
  const columns: Column<Capacity>[] = [
    { header: 'Stack', cell: (c) => cell(stackLabel(run, c.stack)) },
    { header: 'Scenario', cell: (c) => cell(c.scenario) },
    { header: 'Validation', cell: (c) => cell(c.validation) },
    { header: 'Driver', cell: (c) => cell(c.driver) },
    { header: 'SLO', cell: (c) => cell(c.slo) },
    {
      header: 'Highest sustainable (req/s)',
      align: 'right',
      cell: (c) => cell(sustainableText(c), c.sustainableRps ?? undefined),
    },
    {
      header: 'Steps tried',
      align: 'right',
      cell: (c) => {
        const ok = c.steps.filter((s) => s.ok).length;
        return cell(`${c.steps.length} (${ok} passed)`, c.steps.length);
      },
    },
    {
      header: 'Offered rates (req/s)',
      align: 'right',
      cell: (c) => {
        const rates = c.steps.map((s) => s.targetRps);
        if (rates.length === 0) return cell(DASH);
        const low = Math.min(...rates);
        const high = Math.max(...rates);
        return cell(
          low === high ? formatRps(low) : formatRange(formatRps(low), formatRps(high)),
          low,
        );
      },
    },
    { header: 'Flags', cell: (c) => cell((c.flags ?? []).join(', ')) },
  ];
  const notes: Note[] = [];
  for (const c of run.capacity) {
    const subject = capacityLabel(run, c);
    if (c.sustainableRps === null) {
      notes.push({ subject, text: noRateText(c.steps) });
    }
    const flags = c.flags ?? [];
    if (flags.includes(GENERATOR_BOUND)) {
      notes.push({
        subject,
        text:
          `generator-bound: a step failed because the load generator ran out of CPU, so ` +
          (c.sustainableRps === null
            ? `the server was not shown to fail the SLO.`
            : `${formatRps(c.sustainableRps)} req/s is a floor: the server may hold more.`),
      });
    }
    const other = flags.filter((f) => f !== GENERATOR_BOUND);
    if (other.length > 0) notes.push({ subject, text: `flagged ${other.join(', ')}.` });
  }
  return {
    kind: 'capacity',
    title: 'Capacity under SLO',
    anchor: 'capacity',
    tables: [{ id: 'table-capacity', table: buildTable(columns, run.capacity), compact: false }],
    paragraphs: [
      legend(
        `Open-model searches (stackbench capacity): the load generator offers a fixed request ` +
          `rate, one step at a time, stepping up and then bisecting. A step passes when it meets ` +
          `the SLO, stays within the error budget, delivers nearly the rate offered and the load ` +
          `generator keeps up (results.json and capacity.csv keep each failed step's reason). The highest ` +
          `sustainable rate is the highest offered rate that passed below the lowest that failed; ` +
          `each step is one measurement, so it has no confidence interval. ${DASH}: no rate passed.`,
      ),
    ],
    notes,
    charts: run.capacityScenarios.map((scenario) => ({ kind: 'capacity', scenario })),
  };
}

function noRateText(steps: readonly CapacityStep[]): string {
  const first = steps[0];
  if (first === undefined) return `no sustainable rate: no step ran.`;
  const lowest = Math.min(...steps.map((s) => s.targetRps));
  const why = first.reason ? `: ${first.reason}` : '';
  return (
    `no sustainable rate (${DASH}): even the first step, ${formatRps(first.targetRps)} req/s, ` +
    `failed${why}.` +
    (steps.length > 1
      ? ` So did every step tried after it, down to ${formatRps(lowest)} req/s.`
      : '')
  );
}

// ---------------------------------------------------------------------------------------
// Load generators

function driversSection(run: RunView): ReportSection | undefined {
  const ceilings = run.results.calibration.driverCeilings ?? [];
  if (ceilings.length === 0) return undefined;
  const limit = generatorLimitPercent(run.results);
  const atLimit = (d: DriverCeiling): boolean => generatorLoadPercent(d) >= limit;
  const latency = (key: 'p50' | 'p99') => (d: DriverCeiling) =>
    cell(formatLatency(d.latencyUs[key]), d.latencyUs[key]);
  const columns: Column<DriverCeiling>[] = [
    { header: 'Driver', cell: (d) => cell(d.driver) },
    { header: 'Version', cell: (d) => cell(d.version) },
    { header: 'Against', cell: (d) => cell(`${stackLabel(run, d.stack)} · ${d.scenario}`) },
    { header: 'Throughput (req/s)', align: 'right', cell: (d) => cell(formatRps(d.rps), d.rps) },
    {
      header: 'Generator CPU (% of its cores)',
      align: 'right',
      cell: (d) => cell(formatPercent(d.generatorCpuPercent), d.generatorCpuPercent),
    },
    {
      header: 'Generator at work (polling)',
      align: 'right',
      cell: (d) => cell(formatPercent(d.generatorWorkPercent), d.generatorWorkPercent),
    },
    {
      header: 'Server CPU (% of a core)',
      align: 'right',
      cell: (d) => cell(formatPercent(d.serverCpuPercent), d.serverCpuPercent),
    },
    { header: 'p50', align: 'right', cell: latency('p50') },
    { header: 'p99', align: 'right', cell: latency('p99') },
    { header: 'Flags', cell: (d) => cell(atLimit(d) ? GENERATOR_BOUND : '') },
  ];
  const notes: Note[] = ceilings.filter(atLimit).map((d) => ({
    subject: `${d.driver} ${d.version}`,
    text:
      `generator-bound: it was ${generatorLoadText(d)} while the ` +
      `server used ${formatPercent(d.serverCpuPercent)} of a core, so ${formatRps(d.rps)} req/s ` +
      `is what this driver can generate here, not what the server can serve.`,
  }));
  const targets = [
    ...new Set(ceilings.map((d) => `${stackLabel(run, d.stack)}'s ${d.scenario} route`)),
  ];
  return {
    kind: 'load-generators',
    title: 'Load generators',
    anchor: 'load-generators',
    tables: [{ id: 'table-load-generators', table: buildTable(columns, ceilings), compact: true }],
    paragraphs: [
      legend(
        `Each load generator alone against ${targets.join(' and ')}, one trial each: the req/s it ` +
          `reached, its own CPU (% of the cores it was given) and the server's (% of one core). ` +
          `A driver that hits its CPU limit (${formatPercent(limit, 0)} or more) ` +
          `before the server does measures itself, not the server: its req/s is a floor for the ` +
          `server. Compare a driver's ceiling with the stacks' req/s: a stack at or near the ` +
          `ceiling of the driver that measured it may be capped by that driver.`,
      ),
    ],
    notes,
    charts: [{ kind: 'drivers' }],
  };
}

// ---------------------------------------------------------------------------------------
// Container overhead

interface OverheadRow {
  measure: string;
  process: number;
  container: number;
  format: (n: number) => string;
  change: number | undefined;
}

/** (container − process) / process × 100; undefined when the process side is 0. */
function changePercent(container: number, process: number): number | undefined {
  return process === 0 ? undefined : ((container - process) / process) * 100;
}

function containerSection(run: RunView): ReportSection | undefined {
  const o = run.results.calibration.containerOverhead;
  if (!o) return undefined;
  const rows: OverheadRow[] = [
    {
      measure: 'Throughput (req/s)',
      process: o.process.rps,
      container: o.container.rps,
      format: formatRps,
      change: o.rpsChangePercent,
    },
    {
      measure: 'CPU per request',
      process: o.process.cpuUsPerRequest,
      container: o.container.cpuUsPerRequest,
      format: formatMicros,
      change: o.cpuChangePercent,
    },
    {
      measure: 'p99 latency',
      process: o.process.p99Us,
      container: o.container.p99Us,
      format: formatLatency,
      change: changePercent(o.container.p99Us, o.process.p99Us),
    },
  ];
  const columns: Column<OverheadRow>[] = [
    { header: 'Measure', cell: (r) => cell(r.measure) },
    { header: 'Process', align: 'right', cell: (r) => cell(r.format(r.process), r.process) },
    {
      header: 'Container',
      align: 'right',
      cell: (r) => cell(r.format(r.container), r.container),
    },
    {
      header: 'Change (container vs process)',
      align: 'right',
      cell: (r) => cell(signedPercent(r.change), r.change),
    },
  ];
  const paragraphs = [
    legend(
      `Medians over ${o.rounds} interleaved ${o.rounds === 1 ? 'round' : 'rounds'} of ` +
        `${stackLabel(run, o.stack)} ${o.scenario}, in a plain process and in a container in the same ` +
        `run; change is (container − process) / process. There is no confidence interval: on a ` +
        `noisy machine a change of a few percent can be within noise.`,
    ),
  ];
  if (inContainers(run.results)) paragraphs.push(legend(CONTAINER_MEMORY));
  return {
    kind: 'container-overhead',
    title: 'Container overhead',
    anchor: 'container-overhead',
    tables: [{ id: 'table-container-overhead', table: buildTable(columns, rows), compact: true }],
    paragraphs,
    notes: [],
    charts: [],
  };
}
