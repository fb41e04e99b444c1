/**
 * The sections for the optional parts of a results file, shared by markdown and HTML like
 * ./sections.ts: capacity under an SLO (`capacity[]`), the load generators' ceilings
 * (`calibration.driverCeilings`) and what container isolation costs
 * (`calibration.containerOverhead`). Each is a {@link Table}, plain-text paragraphs and notes;
 * a section is absent when the results file does not hold its part.
 */
import { parseSlo } from '../runner/capacity/slo.js';
import type { Capacity, Results } from '../runner/results/schema.js';
import { DEFAULT_RULES } from '../runner/run/validity.js';
import type { Note } from './sections.js';
import { type RunView, cellLabel, stackLabel } from './runs.js';
import {
  type Column,
  DASH,
  type Table,
  buildTable,
  cell,
  formatLatency,
  formatMicros,
  formatPercent,
  formatRange,
  formatRps,
  formatSigned,
} from './table.js';

/** A section of the report: a heading, a table, paragraphs under it and notes. */
export interface ReportSection {
  /** Stable stem for element ids: `capacity`, `load-generators`, `container-overhead`. */
  id: string;
  title: string;
  table: Table;
  paragraphs: string[];
  notes: Note[];
}

/** At or above this % of its CPU a load generator is taken to measure itself (the runner's rule). */
export const GENERATOR_LIMIT_PERCENT = DEFAULT_RULES.generatorBoundPercent;

type DriverCeiling = NonNullable<Results['calibration']['driverCeilings']>[number];
type CapacityStep = Capacity['steps'][number];

/** Every optional section the run has, in report order. */
export function extraSections(run: RunView): ReportSection[] {
  return [capacitySection(run), driversSection(run), containerSection(run)].filter(
    (s): s is ReportSection => s !== undefined,
  );
}

// ---------------------------------------------------------------------------------------
// SLO

/**
 * The tightest latency bound (µs) the SLO sets on `percentile`: `p99<50ms` → 50 000.
 * Undefined when the SLO cannot be parsed or says nothing about that percentile.
 */
export function sloLimitUs(
  slo: string,
  percentile: 'p50' | 'p90' | 'p99' | 'p999' = 'p99',
): number | undefined {
  let rules;
  try {
    rules = parseSlo(slo).rules;
  } catch {
    return undefined;
  }
  const limits = rules.filter((r) => r.percentile === percentile).map((r) => r.limitUs);
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

function capacityLabel(c: Capacity): string {
  return `${cellLabel(c)} (${c.driver}, SLO ${c.slo})`;
}

function capacitySection(run: RunView): ReportSection | undefined {
  if (run.capacity.length === 0) return undefined;
  const columns: Column<Capacity>[] = [
    { header: 'Stack', cell: (c) => cell(stackLabel(c.stack)) },
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
    const subject = capacityLabel(c);
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
    id: 'capacity',
    title: 'Capacity under SLO',
    table: buildTable(columns, run.capacity),
    paragraphs: [
      `Open-model searches (stackbench capacity): the load generator offers a fixed request ` +
        `rate, one step at a time, stepping up and then bisecting. A step passes when it meets ` +
        `the SLO, stays within the error budget, delivers nearly the rate offered and the load ` +
        `generator keeps up (results.json and capacity.csv keep each failed step's reason). The highest ` +
        `sustainable rate is the highest offered rate that passed below the lowest that failed; ` +
        `each step is one measurement, so it has no confidence interval. ${DASH}: no rate passed.`,
    ],
    notes,
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

function atLimit(d: DriverCeiling): boolean {
  return d.generatorCpuPercent >= GENERATOR_LIMIT_PERCENT;
}

function driversSection(run: RunView): ReportSection | undefined {
  const ceilings = run.results.calibration.driverCeilings ?? [];
  if (ceilings.length === 0) return undefined;
  const latency = (key: 'p50' | 'p99') => (d: DriverCeiling) =>
    cell(formatLatency(d.latencyUs[key]), d.latencyUs[key]);
  const columns: Column<DriverCeiling>[] = [
    { header: 'Driver', cell: (d) => cell(d.driver) },
    { header: 'Version', cell: (d) => cell(d.version) },
    { header: 'Against', cell: (d) => cell(`${stackLabel(d.stack)} · ${d.scenario}`) },
    { header: 'Throughput (req/s)', align: 'right', cell: (d) => cell(formatRps(d.rps), d.rps) },
    {
      header: 'Generator CPU (% of its cores)',
      align: 'right',
      cell: (d) => cell(formatPercent(d.generatorCpuPercent), d.generatorCpuPercent),
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
      `generator-bound: it used ${formatPercent(d.generatorCpuPercent)} of its CPU while the ` +
      `server used ${formatPercent(d.serverCpuPercent)} of a core, so ${formatRps(d.rps)} req/s ` +
      `is what this driver can generate here, not what the server can serve.`,
  }));
  const targets = [...new Set(ceilings.map((d) => `${stackLabel(d.stack)}'s ${d.scenario} route`))];
  return {
    id: 'load-generators',
    title: 'Load generators',
    table: buildTable(columns, ceilings),
    paragraphs: [
      `Each load generator alone against ${targets.join(' and ')}, one trial each: the req/s it ` +
        `reached, its own CPU (% of the cores it was given) and the server's (% of one core). ` +
        `A driver that hits its CPU limit (${formatPercent(GENERATOR_LIMIT_PERCENT, 0)} or more) ` +
        `before the server does measures itself, not the server: its req/s is a floor for the ` +
        `server. Compare a driver's ceiling with the stacks' req/s: a stack at or near the ` +
        `ceiling of the driver that measured it may be capped by that driver.`,
    ],
    notes,
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
    `Medians over ${o.rounds} interleaved ${o.rounds === 1 ? 'round' : 'rounds'} of ` +
      `${stackLabel(o.stack)} ${o.scenario}, in a plain process and in a container in the same ` +
      `run; change is (container − process) / process. There is no confidence interval: on a ` +
      `noisy machine a change of a few percent can be within noise.`,
  ];
  if (run.results.manifest.isolation === 'docker') paragraphs.push(DOCKER_MEMORY);
  return {
    id: 'container-overhead',
    title: 'Container overhead',
    table: buildTable(columns, rows),
    paragraphs,
    notes: [],
  };
}

const DOCKER_MEMORY =
  `This run used docker isolation: its memory figures (Peak RSS) are the container cgroup's ` +
  `working set, not a process's VmRSS.`;

/** `+4.7 %`, `−3.2 %`, `—`. */
function signedPercent(n: number | undefined): string {
  const text = formatSigned(n, 1);
  return text === DASH ? DASH : `${text} %`;
}

/**
 * For the methods text of a docker run: what the container cost (or that it was not
 * measured), and what the memory figures are. Empty for other isolations.
 */
export function containerMethodsText(results: Results): string[] {
  if (results.manifest.isolation !== 'docker') return [];
  const o = results.calibration.containerOverhead;
  return [
    o
      ? `Container overhead: ${stackLabel(o.stack)} ${o.scenario} in a container ran at ` +
        `${signedPercent(o.rpsChangePercent)} req/s and ${signedPercent(o.cpuChangePercent)} CPU ` +
        `per request against a plain process (medians over ${o.rounds} interleaved ` +
        `${o.rounds === 1 ? 'round' : 'rounds'}, no confidence interval; see Container overhead).`
      : `Container overhead: not measured in this run, so what the container costs is unknown.`,
    DOCKER_MEMORY,
  ];
}

/** For the headline legend of a docker run with a measured overhead; empty otherwise. */
export function containerHeadlineText(results: Results): string {
  const o = results.calibration.containerOverhead;
  if (results.manifest.isolation !== 'docker' || !o) return '';
  return (
    `Every server ran in a container; on ${stackLabel(o.stack)} ${o.scenario} that changed req/s ` +
    `by ${signedPercent(o.rpsChangePercent)} against a plain process (see Container overhead).`
  );
}
