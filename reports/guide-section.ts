/**
 * The guide's table, answered: when a results file carries a reference (`results.reference`,
 * written by `--profile guide`), the report opens with a table in the guide's shape —
 * approach, throughput, docs generation, runtime model — with, beside each measured row, the
 * figure the guide claims and the ratio between them; then each stack's server configuration,
 * and the hardware and method the guide does not give.
 */
import type { Reference, Results } from '../shared/results/schema.js';
import { overheadText, throughputText } from './sections.js';
import type { Paragraph, ReportSection } from './report-model.js';
import { type CellView, type RunView, hasData, stackInfo, stackLabel } from './runs.js';
import {
  type Column,
  DASH,
  buildTable,
  cell,
  formatBytes,
  formatEstimate,
  formatNumber,
  formatRps,
} from './table.js';

interface Row {
  stack: string;
  /** The stack's cell in the reference's scenario. */
  measured: CellView | undefined;
  claim: number | undefined;
  /** The stack's own validator on the overhead scenario (compared with `off`). */
  validating: CellView | undefined;
}

const GENERATOR_BOUND = 'generator-bound';
const legend = (text: string): Paragraph => ({ text, role: 'legend' });

/** The guide section, or undefined when the results carry no reference. */
export function guideSection(run: RunView): ReportSection | undefined {
  const reference = run.results.reference;
  if (reference === undefined) return undefined;
  const rows = guideRows(run, reference);
  const paragraphs = [
    legend(guideLegend(run, reference)),
    legend(`Source: ${reference.source}.${reference.note ? ` ${reference.note}` : ''}`),
    legend(hardwareText(run.results)),
    legend(methodText(run.results)),
  ];
  return {
    kind: 'guide',
    title: `The guide's table, measured: ${reference.scenario}`,
    anchor: 'guide',
    tables: [
      { id: 'guide-table', table: buildTable(guideColumns(run), rows), compact: false },
      { id: 'guide-server-config', table: buildTable(serverColumns(run), rows), compact: false },
    ],
    paragraphs,
    notes: [],
    charts: [],
  };
}

/**
 * One row per stack the run measured or the reference claims, in the file's stack order:
 * a claimed stack the run left out still shows its claim, with "—" measured.
 */
function guideRows(run: RunView, reference: Reference): Row[] {
  const known = run.results.stacks.map((s) => s.name);
  const claimed = Object.keys(reference.claims).filter((s) => !run.stacks.includes(s));
  const rank = (s: string): number => {
    const i = known.indexOf(s);
    return i === -1 ? known.length : i;
  };
  const names = [...run.stacks, ...claimed.sort((a, b) => rank(a) - rank(b))];
  return names.map((stack) => ({
    stack,
    measured: scenarioCell(run, stack, reference.scenario),
    claim: reference.claims[stack],
    validating:
      reference.overheadScenario === undefined
        ? undefined
        : validatingCell(run, stack, reference.overheadScenario),
  }));
}

/**
 * The stack's cell in a scenario: the first validation mode (report order) with numbers, else
 * the first it has. A validation-independent scenario (json) has one cell per stack anyway.
 */
function scenarioCell(run: RunView, stack: string, scenario: string): CellView | undefined {
  const cells = run.cells.filter((c) => c.stack === stack && c.scenario === scenario);
  return cells.find((c) => hasData(c)) ?? cells[0];
}

/**
 * The stack's own validator on the overhead scenario: the first validating mode in report
 * order (zod, then native) with an overhead against `off`, else the first validating cell.
 */
function validatingCell(run: RunView, stack: string, scenario: string): CellView | undefined {
  const cells = run.cells.filter(
    (c) => c.stack === stack && c.scenario === scenario && c.validation !== 'off',
  );
  return cells.find((c) => hasData(c) && c.summary.validationOverhead) ?? cells[0];
}

/** Measured req/s divided by the claim: `0.62× (0.55–0.70)`; `≥` when the generator capped it. */
export function claimRatioText(measured: CellView | undefined, claim: number | undefined): string {
  if (claim === undefined || !hasData(measured) || !measured.summary.rps) return DASH;
  const rps = measured.summary.rps;
  const text = formatEstimate(
    { estimate: rps.estimate / claim, low: rps.low / claim, high: rps.high / claim },
    (n) => formatNumber(n, 2),
    '×',
  );
  return measured.flags.includes(GENERATOR_BOUND) ? `≥ ${text}` : text;
}

function guideColumns(run: RunView): Column<Row>[] {
  return [
    { header: 'Approach', cell: (r) => cell(stackLabel(run, r.stack)) },
    {
      header: 'Throughput (req/s, median, 95 % CI)',
      align: 'right',
      cell: (r) => cell(throughputText(r.measured), rpsOf(r.measured)),
    },
    {
      header: "Guide's claim (req/s)",
      align: 'right',
      cell: (r) => cell(r.claim === undefined ? DASH : `~${formatRps(r.claim)}`, r.claim),
    },
    {
      header: 'Measured ÷ claimed',
      align: 'right',
      cell: (r) => {
        const rps = rpsOf(r.measured);
        return cell(
          claimRatioText(r.measured, r.claim),
          rps !== undefined && r.claim !== undefined ? rps / r.claim : undefined,
        );
      },
    },
    {
      header: 'Validation overhead (own validator vs off)',
      cell: (r) => {
        const text = overheadText(run, r.validating);
        const v = r.validating;
        return cell(
          v === undefined || text === DASH ? DASH : `${v.validation}: ${text}`,
          hasData(v) ? v.summary.validationOverhead?.cpuUsPerRequest.estimate : undefined,
        );
      },
    },
    { header: 'Docs generation', cell: (r) => cell(stackInfo(run, r.stack)?.docs ?? DASH) },
    { header: 'Runtime model', cell: (r) => cell(stackInfo(run, r.stack)?.runtime ?? DASH) },
  ];
}

function serverColumns(run: RunView): Column<Row>[] {
  return [
    { header: 'Approach', cell: (r) => cell(stackLabel(run, r.stack)) },
    {
      header: 'Server configuration',
      cell: (r) => cell(stackInfo(run, r.stack)?.serverConfig ?? DASH),
    },
  ];
}

function rpsOf(c: CellView | undefined): number | undefined {
  return hasData(c) ? c.summary.rps?.estimate : undefined;
}

function guideLegend(run: RunView, reference: Reference): string {
  const measured = run.scenarios.includes(reference.scenario);
  const overhead = reference.overheadScenario;
  return (
    (measured
      ? `Throughput is the median req/s on scenario ${reference.scenario} over the measured trials, with its 95 % bootstrap confidence interval; `
      : `This run did not measure scenario ${reference.scenario}, the one the claims are about, so no row has a measured throughput; `) +
    `the guide's claim is its own figure, which carries no interval, so "measured ÷ claimed" is ` +
    `the measured median and interval divided by it. Stacks the guide does not list show "—" ` +
    `for the claim.` +
    (overhead === undefined
      ? ''
      : ` Validation overhead is measured on ${overhead}, each stack's own validator (the mode ` +
        `named: zod on the Node stacks, the framework's native one where it has no zod) against ` +
        `validation off, paired by round: the extra server CPU per request and the change in ` +
        `req/s, "within noise (±x)" when the interval includes zero.`) +
    ` Docs generation and runtime model describe this project's servers, one per stack.`
  );
}

/** The machine, which the guide does not name. */
export function hardwareText(results: Results): string {
  const m = results.manifest;
  const python = m.frameworks.python;
  return (
    `Hardware (the guide names none): ${m.host.cpuModel}, ${m.host.cpuCount} ` +
    `${m.host.cpuCount === 1 ? 'core' : 'cores'}, ${formatBytes(m.host.memoryBytes)} RAM; ` +
    `${m.host.os}, kernel ${m.host.kernel}; Node ${m.node}` +
    (python !== undefined && python !== 'not installed' ? `, Python ${python}.` : '.')
  );
}

/** How the numbers were measured, which the guide does not say. */
export function methodText(results: Results): string {
  const m = results.manifest;
  const connections = results.settings?.connections ?? m.driver.options.connections;
  const rate = results.settings?.rate;
  const load =
    `the load generator (${m.driver.name} ${m.driver.version}, ` +
    (rate !== undefined
      ? `open model at ${formatRps(rate)} req/s`
      : `closed model${connections === undefined ? '' : `, ${String(connections)} connections`}`) +
    `) ${pinnedText(m.cpus.load)}`;
  const server = m.target
    ? `a server run outside stackbench (${m.target})`
    : `each server in a fresh process ${pinnedText(m.cpus.server)}`;
  const windows = m.windows ?? 1;
  return (
    `Method (the guide gives none): ${server}, ${load}; isolation ${m.isolation}. ` +
    `${m.rounds} ${m.rounds === 1 ? 'round' : 'rounds'}, each running every cell once in an ` +
    `order shuffled with seed ${m.seed}; per trial ${seconds(m.warmupS)} of warm-up, then ` +
    `${windows} measured ${windows === 1 ? 'window' : 'windows'} of ${seconds(m.durationS)}.`
  );
}

const seconds = (s: number): string => `${formatNumber(s, s % 1 === 0 ? 0 : 1)} s`;

/** `pinned to CPU 1 (1 core)`, `pinned to CPUs 0-3,6 (5 cores)`, `not pinned to any CPU`. */
export function pinnedText(list: string): string {
  const n = cpuCount(list);
  if (n === undefined) return list === 'unpinned' ? 'not pinned to any CPU' : `on CPUs ${list}`;
  return `pinned to ${n === 1 ? 'CPU' : 'CPUs'} ${list} (${n} ${n === 1 ? 'core' : 'cores'})`;
}

/** The CPUs in a taskset list: `1` → 1, `0-3,6` → 5; undefined when it is not such a list. */
export function cpuCount(list: string): number | undefined {
  let n = 0;
  for (const part of list.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return undefined;
    n += hi - lo + 1;
  }
  return n;
}
