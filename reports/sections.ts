/**
 * The core of every report: the headline table in the guide's shape, one table per
 * scenario, the methods paragraph and the notes. Format-neutral: tables are {@link Table}s,
 * prose is plain text (each renderer escapes it for its format).
 */
import { generatorLoadText } from './generator-load.js';
import type { Cell } from '../shared/results/schema.js';
import { containerHeadlineText, containerMethodsText } from './container-text.js';
import { headlineEqualLoad } from './equal-load-section.js';
import {
  type EffectReading,
  MIN_PAIRS,
  ratioEffectText,
  readEffect,
  signedEffectText,
  tooFewPairsText,
} from './effects.js';
import type { Note } from './report-model.js';
import {
  BASELINE_STACK,
  NEAR_CEILING,
  NOISY_CV,
  type CellView,
  type RunView,
  cellLabel,
  compare,
  findCell,
  hasData,
  headlineOf,
  pairedRounds,
  stackInfo,
  stackLabel,
} from './runs.js';
import {
  type Column,
  DASH,
  type Table,
  buildTable,
  cell,
  formatBytes,
  formatEstimate,
  formatLatency,
  formatNumber,
  formatPercent,
  formatRange,
  formatRps,
} from './table.js';

export interface Headline {
  scenario: string;
  validation: string;
  table: Table;
}

export type { Note };

const GENERATOR_BOUND = 'generator-bound';

/** `31,204 (30,880–31,610)`; `≥ ` in front when the load generator capped the cell. */
export function throughputText(c: CellView | undefined): string {
  if (!hasData(c)) return DASH;
  const text = formatEstimate(c.summary.rps, formatRps);
  return text !== DASH && c.flags.includes(GENERATOR_BOUND) ? `≥ ${text}` : text;
}

/**
 * `0.62× (0.60–0.64)`; `within noise (±8 %)` when the interval includes 1; `too few pairs
 * (n=2)`; `1.00×` for the baseline itself; `—` without a ratio.
 */
export function ratioText(run: RunView, c: CellView | undefined): string {
  if (isBaseline(c)) return '1.00×';
  return ratioEffectText(ratioReading(run, c));
}

function isBaseline(c: CellView | undefined): boolean {
  return hasData(c) && c.stack === BASELINE_STACK && !c.summary.ratioToBaseline;
}

/** The sort value of a ratio cell: 1 for the baseline itself. */
function ratioSort(run: RunView, c: CellView | undefined): number | undefined {
  return isBaseline(c) ? 1 : ratioReading(run, c)?.value.estimate;
}

/** The cell's req/s ratio to node:http, read against its paired rounds. */
export function ratioReading(run: RunView, c: CellView | undefined): EffectReading | undefined {
  const ratio = hasData(c) ? c.summary.ratioToBaseline : undefined;
  if (!c || !ratio) return undefined;
  const base = findCell(run, BASELINE_STACK, c.scenario, c.validation);
  return readEffect(ratio, { zero: 1, pairs: pairedRounds(c, base), flags: c.flags });
}

/** The cell's validation overhead (against `off` of the same stack), read against its pairs. */
export function overheadReadings(
  run: RunView,
  c: CellView | undefined,
): { cpu: EffectReading; throughput: EffectReading } | undefined {
  const overhead = hasData(c) ? c.summary.validationOverhead : undefined;
  if (!c || !overhead) return undefined;
  const options = {
    pairs: pairedRounds(c, findCell(run, c.stack, c.scenario, 'off')),
    flags: c.flags,
  };
  // The file stores the throughput *lost*; shown as the change in req/s (a cost is −).
  const loss = overhead.throughputPercent;
  const change = { ...loss, estimate: -loss.estimate, low: -loss.high, high: -loss.low };
  return {
    cpu: readEffect(overhead.cpuUsPerRequest, options),
    throughput: readEffect(change, options),
  };
}

/**
 * `+4.7 µs CPU/req (+4.5 to +4.8); −5.4 % req/s (−5.5 to −5.3)`: the extra CPU time and the
 * change in req/s, so a cost reads `+` CPU and `−` req/s. Each part is "within noise (±x)"
 * when its interval includes zero; with too few paired rounds, `too few pairs (n=…)` once.
 */
export function overheadText(run: RunView, c: CellView | undefined): string {
  const o = overheadReadings(run, c);
  if (!o) return DASH;
  if (o.cpu.kind === 'too-few-pairs') return tooFewPairsText(o.cpu.pairs);
  return `${signedEffectText(o.cpu, 1, ' µs CPU/req')}; ${signedEffectText(o.throughput, 1, ' % req/s')}`;
}

function metric(
  c: CellView | undefined,
  pick: (s: Cell) => number | undefined,
): number | undefined {
  return hasData(c) ? pick(c.summary) : undefined;
}

/** The guide's table: one row per stack, for the headline scenario and validation mode. */
export function headlineTable(run: RunView): Headline | undefined {
  const headline = headlineOf(run);
  if (!headline) return undefined;
  const { scenario, validation } = headline;
  interface Row {
    stack: string;
    cell: CellView | undefined;
    zod: CellView | undefined;
  }
  const rows: Row[] = run.stacks.map((stack) => ({
    stack,
    cell: headlineCell(run, stack, headline),
    zod: findCell(run, stack, scenario, 'zod') ?? ownValidatorCell(run, stack, headline),
  }));
  const mixed = rows.some((r) => r.zod !== undefined && r.zod.validation !== 'zod');
  const equal = headlineEqualLoad(run, scenario, validation);
  const columns: Column<Row>[] = [
    { header: 'Stack', cell: (r) => cell(stackLabel(run, r.stack)) },
    {
      header: 'Throughput (req/s, median, 95 % CI)',
      align: 'right',
      cell: (r) =>
        cell(
          throughputText(r.cell),
          metric(r.cell, (s) => s.rps?.estimate),
        ),
    },
    {
      header: 'vs node:http',
      align: 'right',
      cell: (r) => cell(ratioText(run, r.cell), ratioSort(run, r.cell)),
    },
    {
      // At equal offered load when the run measured it: a closed-model latency only restates
      // the throughput (connections ÷ req/s).
      header: equal
        ? `p50 / p99 at ${formatRps(equal.offeredRps)} req/s offered`
        : 'p50 / p99 latency',
      align: 'right',
      cell: (r) => {
        const at = equal?.cell(r.stack)?.latencyUs;
        const p50 = equal ? at?.p50.estimate : metric(r.cell, (s) => s.latencyUs?.p50.estimate);
        const p99 = equal ? at?.p99.estimate : metric(r.cell, (s) => s.latencyUs?.p99.estimate);
        return cell(
          p50 === undefined && p99 === undefined
            ? DASH
            : `${formatLatency(p50)} / ${formatLatency(p99)}`,
          p50,
        );
      },
    },
    {
      header: mixed
        ? 'Validation overhead (own validator vs off)'
        : 'Validation overhead (zod vs off)',
      cell: (r) =>
        cell(
          overheadText(run, r.zod),
          metric(r.zod, (s) => s.validationOverhead?.cpuUsPerRequest.estimate),
        ),
    },
    { header: 'Docs generation', cell: (r) => cell(stackInfo(run, r.stack)?.docs ?? DASH) },
    { header: 'Runtime model', cell: (r) => cell(stackInfo(run, r.stack)?.runtime ?? DASH) },
  ];
  return { scenario, validation, table: buildTable(columns, rows) };
}

/**
 * A stack's one cell in a validation-independent scenario (json), which runs once per stack
 * in a mode the stack has (native on Python stacks): the headline shows it even when its mode
 * is not the headline's. The file does not say which scenarios are validation-independent;
 * one where no stack has two modes is read as such.
 */
function onlyCell(run: RunView, stack: string, scenario: string): CellView | undefined {
  const cellsOf = (s: string) => run.cells.filter((c) => c.stack === s && c.scenario === scenario);
  if (run.stacks.some((s) => cellsOf(s).length > 1)) return undefined;
  const [only] = cellsOf(stack);
  return only;
}

/**
 * A stack without zod (the Python ones) validates with its framework's own validator: where
 * the headline is zod, its row shows its `native` cell, the like-for-like comparison.
 */
function ownValidatorCell(
  run: RunView,
  stack: string,
  headline: Pick<Headline, 'scenario' | 'validation'>,
): CellView | undefined {
  return headline.validation === 'zod'
    ? findCell(run, stack, headline.scenario, 'native')
    : undefined;
}

/** A stack's headline cell: the headline's mode, else its own validator's, else its only one. */
function headlineCell(
  run: RunView,
  stack: string,
  headline: Pick<Headline, 'scenario' | 'validation'>,
): CellView | undefined {
  return (
    findCell(run, stack, headline.scenario, headline.validation) ??
    ownValidatorCell(run, stack, headline) ??
    onlyCell(run, stack, headline.scenario)
  );
}

/** Stacks whose headline row shows a cell in another mode than the headline's. */
function otherModeRows(run: RunView, headline: Headline): CellView[] {
  return run.stacks
    .filter((s) => !findCell(run, s, headline.scenario, headline.validation))
    .map((s) => headlineCell(run, s, headline))
    .filter((c): c is CellView => c !== undefined);
}

/** What the headline table's columns mean, in one paragraph. */
export function headlineLegend(run: RunView, headline: Headline): string {
  const rounds = run.results.manifest.rounds;
  const container = containerHeadlineText(run);
  const others = otherModeRows(run, headline);
  return (
    `Scenario ${headline.scenario}, validation ${headline.validation}. Throughput is the median ` +
    `req/s of the measured trials (up to ${rounds}, one per round) with its 95 % bootstrap ` +
    `confidence interval. "vs node:http" is req/s divided by node:http's in the same round: ` +
    `the geometric mean of the per-round ratios, with a 95 % Student-t interval over rounds ` +
    `(a round's server processes are its unit, not their windows). Validation overhead compares zod with validation off on the same ` +
    `stack, paired by round: the extra server CPU time per request, and the change in req/s ` +
    `(negative: slower with validation). An effect whose 95 % interval includes none at all ` +
    `(zero, or a ratio of 1) shows as "within noise (±x)", x the largest effect either way the ` +
    `interval allows; one with fewer than ${MIN_PAIRS} paired rounds shows "too few pairs (n=…)" ` +
    `instead of an interval. Latency is the median over trials of each trial's percentile.` +
    (others.length > 0
      ? ` ${others.map((c) => `${stackLabel(run, c.stack)} (${c.validation})`).join(', ')} ` +
        `${others.length === 1 ? 'has' : 'have'} no ${headline.validation} cell here: the ` +
        `row shows ${others.length === 1 ? 'its' : 'their'} cell in that mode (the ` +
        `framework's own validator, or the one mode of a scenario validation does not ` +
        `change); ratios pair only cells of one mode, so ${others.length === 1 ? 'it has' : 'they have'} none.`
      : '') +
    (container ? ` ${container}` : '')
  );
}

/** One row per (stack, validation) of a scenario. */
export function scenarioTable(run: RunView, scenario: string): Table {
  const rows = run.cells.filter((c) => c.scenario === scenario);
  const latency = (key: 'p50' | 'p99' | 'p999') => (c: CellView) => {
    const v = metric(c, (s) => s.latencyUs?.[key].estimate);
    return cell(formatLatency(v), v);
  };
  const columns: Column<CellView>[] = [
    { header: 'Stack', cell: (c) => cell(stackLabel(run, c.stack)) },
    { header: 'Validation', cell: (c) => cell(c.validation) },
    {
      header: 'Throughput (req/s, 95 % CI)',
      align: 'right',
      cell: (c) =>
        cell(
          throughputText(c),
          metric(c, (s) => s.rps?.estimate),
        ),
    },
    {
      header: 'vs node:http',
      align: 'right',
      cell: (c) => cell(ratioText(run, c), ratioSort(run, c)),
    },
    { header: 'p50', align: 'right', cell: latency('p50') },
    { header: 'p99', align: 'right', cell: latency('p99') },
    { header: 'p99.9', align: 'right', cell: latency('p999') },
    {
      header: 'CPU µs/request (95 % CI)',
      align: 'right',
      cell: (c) => {
        const cpu = metric(c, (s) => s.cpuUsPerRequest?.estimate);
        const text = hasData(c)
          ? formatEstimate(c.summary.cpuUsPerRequest, (n) => formatNumber(n, 1))
          : DASH;
        return cell(text, cpu);
      },
    },
    {
      header: 'Validation overhead (vs off)',
      cell: (c) =>
        cell(
          overheadText(run, c),
          metric(c, (s) => s.validationOverhead?.cpuUsPerRequest.estimate),
        ),
    },
    {
      header: 'Peak RSS',
      align: 'right',
      cell: (c) => {
        const rss = metric(c, (s) => s.rssPeakBytes);
        return cell(formatBytes(rss), rss);
      },
    },
    {
      header: 'Valid trials',
      align: 'right',
      cell: (c) => cell(`${c.valid}/${c.total}`, c.total === 0 ? undefined : c.valid / c.total),
    },
    { header: 'Flags', cell: (c) => cell(c.flags.join(', '), c.flags.join(', ') || undefined) },
  ];
  return buildTable(columns, rows);
}

/** The methods paragraph: host, versions, load, isolation, rounds, seed, generator ceiling. */
export function methodsText(run: RunView): string[] {
  const results = run.results;
  const m = results.manifest;
  const out: string[] = [];
  const frameworks = Object.entries(m.frameworks)
    .sort(([a], [b]) => compare(a, b))
    .map(([name, version]) => `${name} ${version}`);
  out.push(
    `Host: ${m.host.os}, kernel ${m.host.kernel}, ${m.host.cpuCount} × ${m.host.cpuModel}, ` +
      `${formatBytes(m.host.memoryBytes)} RAM. Node ${m.node}` +
      (frameworks.length > 0 ? `; ${frameworks.join(', ')}.` : '.'),
  );
  const options = Object.entries(m.driver.options)
    .sort(([a], [b]) => compare(a, b))
    .map(([k, v]) => `${k} ${String(v)}`);
  out.push(
    `Load: ${m.driver.name} ${m.driver.version}` +
      (options.length > 0 ? ` (${options.join(', ')}).` : '.'),
  );
  out.push(
    m.target
      ? `Target: ${m.target}, a server run outside stackbench; isolation ${m.isolation}, load generator on CPUs ${m.cpus.load}.`
      : `Isolation: ${m.isolation}; server on CPUs ${m.cpus.server}, load generator on CPUs ${m.cpus.load}.`,
  );
  out.push(...containerMethodsText(run));
  // A run answering a reference states each server's configuration in its own table.
  const servers = results.reference === undefined ? serversText(run) : undefined;
  if (servers !== undefined) out.push(servers);
  out.push(
    `Profile ${m.profile}: ${m.rounds} ${m.rounds === 1 ? 'round' : 'rounds'}; in each round every ` +
      `(stack, scenario, validation) cell ran once, in an order shuffled with seed ${m.seed}, ` +
      `each trial in a fresh server process: ${formatNumber(m.warmupS, m.warmupS % 1 === 0 ? 0 : 1)} s ` +
      `of warm-up, then a ${formatNumber(m.durationS, m.durationS % 1 === 0 ? 0 : 1)} s measured window.`,
  );
  out.push(
    `Each number is the median over a cell's measured trials (the valid ones, and any ` +
      `generator-bound ones as lower bounds) with a 95 % bootstrap confidence interval ` +
      `(seeded, so reproducible); ratios to node:http and validation overhead are paired by round. CPU µs per request is the server's user + system CPU time divided by ` +
      `the requests it completed; unlike req/s it does not count time the machine gave to others.`,
  );
  const ceiling = results.calibration.generatorCeiling;
  out.push(
    ceiling
      ? `Generator ceiling: ${m.driver.name} alone reached ${formatRps(ceiling.rps)} req/s against ` +
          `${stackLabel(run, ceiling.stack)}'s ${ceiling.scenario} route (generator ` +
          `${generatorLoadText(ceiling, 0)}, server CPU ` +
          `${formatPercent(ceiling.serverCpuPercent, 0)} of a core). That is the most this load ` +
          `generator drives on this host: a cell near it measures the generator, not the server.`
      : `Generator ceiling: not measured, so a cell capped by the load generator cannot be ruled out.`,
  );
  const tool = m.tool;
  out.push(
    `stackbench ${tool.version}` +
      (tool.commit
        ? ` (commit ${tool.commit.slice(0, 12)}${tool.dirty ? ', uncommitted changes' : ''})`
        : '') +
      `; command: ${m.command.join(' ')}.`,
  );
  return out;
}

/** `Servers: node:http: one process, keep-alive; FastAPI + Uvicorn: Uvicorn, 1 worker….` */
function serversText(run: RunView): string | undefined {
  if (run.results.manifest.target) return undefined;
  const parts = run.stacks.flatMap((s) => {
    const config = stackInfo(run, s)?.serverConfig;
    return config === undefined ? [] : [`${stackLabel(run, s)}: ${config}`];
  });
  return parts.length === 0 ? undefined : `Servers: ${parts.join('; ')}.`;
}

/** Everything a reader must know before trusting a number: invalid, crashed, capped, noisy. */
export function notes(run: RunView): Note[] {
  const out: Note[] = [];
  const r = run.results;
  if (r.status !== 'completed') {
    const ran = r.trials.length;
    out.push({
      subject: 'Run',
      text: `status ${r.status}: ${ran} of ${r.plan.length} planned trials ran; cells without valid trials show ${DASH}.`,
    });
  }
  if (!run.stacks.includes(BASELINE_STACK) && run.stacks.length > 0) {
    out.push({
      subject: 'Run',
      text: `no ${stackLabel(run, BASELINE_STACK)} cells, so there are no ratios to node:http.`,
    });
  }
  const ceiling = r.calibration.generatorCeiling;
  for (const c of run.cells) {
    const subject = cellLabel(run, c);
    const text = (t: string): void => {
      out.push({ subject, text: t });
    };
    const rps = hasData(c) ? c.summary.rps : undefined;

    const problems = c.trials.filter((t) => t.state !== 'valid');
    if (problems.length > 0 || !rps) {
      const parts = problems.map((t) => {
        const why = t.reason ? `: ${t.reason}` : '';
        const tail =
          t.state === 'crashed' && !t.metrics
            ? ', no metrics'
            : t.state === 'generator-bound'
              ? ' (counted, as a lower bound)'
              : t.state === 'invalid'
                ? ' (not counted)'
                : '';
        return `round ${t.round} ${t.state}${why}${tail}.`;
      });
      const outcome = !rps
        ? `No measured trials (${c.total} run): every number for this cell shows ${DASH}.`
        : `Summarised from ${c.measured} of ${c.total} trials.`;
      text([...parts, outcome].join(' '));
    }

    if (c.flags.includes(GENERATOR_BOUND)) {
      text(
        `generator-bound: the load generator ran at its CPU limit, so the req/s shown (with ≥) ` +
          `is a lower bound for the server, not its capacity` +
          (ceiling ? ` (generator ceiling ${formatRps(ceiling.rps)} req/s).` : '.'),
      );
    } else if (ceiling && ceiling.rps > 0 && rps && rps.estimate >= NEAR_CEILING * ceiling.rps) {
      text(
        `near the generator ceiling: ${formatRps(rps.estimate)} req/s is ` +
          `${formatPercent((100 * rps.estimate) / ceiling.rps, 0)} of the ${formatRps(ceiling.rps)} ` +
          `req/s the load generator can drive, so it may be capping this cell.`,
      );
    }
    if (rps && rps.cv > NOISY_CV) {
      text(
        `noisy: req/s varies between trials with a coefficient of variation of ` +
          `${formatPercent(rps.cv * 100)} (above ${formatPercent(NOISY_CV * 100, 0)}); its 95 % CI ` +
          `is ${formatRange(formatRps(rps.low), formatRps(rps.high))} req/s, and differences ` +
          `smaller than that are noise.`,
      );
    }
    if (c.flags.includes('single-trial')) {
      text(`only one trial measured: its numbers are that trial's, with no confidence interval.`);
    }

    const trialFlags = new Map<string, number[]>();
    for (const t of c.trials) {
      for (const f of t.flags) trialFlags.set(f, [...(trialFlags.get(f) ?? []), t.round]);
    }
    for (const [flag, rounds] of trialFlags) {
      const which = `${rounds.length === 1 ? 'round' : 'rounds'} ${rounds.join(', ')}`;
      text(
        flag === 'not-saturated'
          ? `not-saturated in ${which}: the server had CPU to spare, so something else (the load ` +
              `generator, the network) limited req/s; those windows are not ranked.`
          : flag === 'contended'
            ? `contended in ${which}: other processes used the CPUs during those windows, so ` +
              `they measured the neighbours too; they are left out. Run on a quiet machine.`
            : `${flag} in ${which} (a trial flag; the trial still counts).`,
      );
    }
    // Flags the notes above already explain; any other flag is stated as it is.
    const explained = new Set([
      GENERATOR_BOUND,
      'noisy',
      'single-trial',
      'no-valid-trials',
      'invalid-trials',
      ...trialFlags.keys(),
    ]);
    const other = c.flags.filter((f) => !explained.has(f));
    if (other.length > 0) text(`flagged ${other.join(', ')}.`);
  }
  return out;
}
