/**
 * What each chart shows, as plain chart.js configurations (JSON: no functions), so the HTML
 * report embeds them as data and the Node renderer draws the very same charts. One unit per
 * chart; uncertainty drawn as 95 % CI whiskers by the `errorBars` plugin
 * (./chart-plugins.ts), which reads `dataset.errorBars`.
 */
import { generatorLoadPercent } from '../shared/results/generator-load.js';
import type { ChartConfiguration, ChartDataset, ChartType, FontSpec } from 'chart.js';
import { reportModel } from './build-model.js';
import type { ChartKind, ChartRef } from './report-model.js';
import { type CellView, type RunView, findCell, hasData, stackLabel } from './runs.js';
import { overheadReadings } from './sections.js';
import {
  OKABE_ITO,
  OTHER_SERIES_COLOURS,
  stackColour,
  validationColour,
  withAlpha,
} from './palette.js';
import type { Capacity, Results } from '../shared/results/schema.js';
import { generatorLimitPercent, sloLimitUs } from './extra-sections.js';
import { equalLoadCells, loadLabel } from './equal-load-section.js';
import { kneeOf, levelName, sweepPoints } from './sweep-section.js';

declare module 'chart.js' {
  // Declaration merging: the type parameters must match chart.js's own declaration.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ChartDatasetProperties<TType extends ChartType, TData> {
    /** stackbench: the 95 % CI of each data point as [low, high], or null; drawn as whiskers. */
    errorBars?: ([number, number] | null)[];
    /** stackbench: the whiskers' colour. @default '#222222' */
    errorBarColor?: string;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** stackbench: keep only the 1-2-5 ticks of this logarithmic axis (./chart-plugins.ts). */
    logTicks125?: { axis: string };
    /** stackbench: ticks at these values only, e.g. a sweep's levels (./chart-plugins.ts). */
    levelTicks?: { axis: string; values: number[] };
  }
}

export type { ChartKind, ChartRef };
export { SCENARIO_CHARTS } from './scenario-charts.js';

export interface ChartSpec {
  /** Stable, unique in a report: the canvas id in HTML and the file name of a PNG/SVG. */
  id: string;
  kind: ChartKind;
  /** Run key (`''` for a single results file) and scenario (absent for per-run charts). */
  run: string;
  scenario?: string;
  /** One sentence for a caption or an image's alt text. */
  description: string;
  config: ChartConfiguration<'bar'> | ChartConfiguration<'line'> | ChartConfiguration<'scatter'>;
}

/** Fonts for one medium: the page's own stack in HTML, a registered font in Node. */
export interface ChartStyle {
  fontFamily: string;
  /** Base font size in CSS pixels; titles are larger. @default 12 */
  fontSize?: number;
}

const PERCENTILES = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

const POINT_STYLES: Record<string, string> = { zod: 'circle', off: 'triangle', native: 'rect' };
const LINE_DASHES: Record<string, number[]> = { zod: [], off: [6, 4], native: [2, 3] };

/** Every chart of every run, in the order the report model (and so the HTML report) shows them. */
export function chartSpecs(results: readonly Results[], style: ChartStyle): ChartSpec[] {
  return reportModel(results).runs.flatMap((run) =>
    run.sections.flatMap((section) =>
      section.charts.flatMap((ref) => chartSpec(run.view, ref, style) ?? []),
    ),
  );
}

/** The chart a section refers to, drawn from the run; undefined when it has nothing to show. */
export function chartSpec(run: RunView, ref: ChartRef, style: ChartStyle): ChartSpec | undefined {
  const scenario = ref.scenario ?? '';
  switch (ref.kind) {
    case 'throughput':
      return throughputChart(run, scenario, style);
    case 'latency':
      return latencyChart(run, scenario, style);
    case 'cpu':
      return cpuChart(run, scenario, style);
    case 'trials':
      return trialsChart(run, scenario, style);
    case 'overhead':
      return overheadChart(run, style);
    case 'capacity':
      return capacityChart(run, scenario, style);
    case 'drivers':
      return driversChart(run, style);
    case 'equal-load':
      return equalLoadChart(run, scenario, style);
    case 'sweep':
      return sweepChart(run, scenario, style);
  }
}

function chartId(run: RunView, kind: ChartKind, scenario?: string): string {
  const slug = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return [run.key, kind, scenario === undefined ? '' : slug(scenario)].filter(Boolean).join('-');
}

function runSuffix(run: RunView): string {
  return run.key === '' ? '' : ` (run ${run.index})`;
}

function fonts(style: ChartStyle): {
  base: Partial<FontSpec>;
  title: Partial<FontSpec>;
  axis: Partial<FontSpec>;
} {
  const size = style.fontSize ?? 12;
  return {
    base: { family: style.fontFamily, size },
    title: { family: style.fontFamily, size: Math.round(size * 1.35), weight: 'bold' },
    axis: { family: style.fontFamily, size: Math.round(size * 1.1) },
  };
}

/** Options every chart shares: no animation, fixed locale, titled, legend on top. */
function baseOptions(style: ChartStyle, title: string, subtitle: string, pointLegend = false) {
  const f = fonts(style);
  return {
    animation: false as const,
    locale: 'en-US',
    color: '#222222',
    plugins: {
      title: {
        display: true,
        text: title,
        font: f.title,
        color: '#111111',
        padding: { top: 4, bottom: 2 },
      },
      subtitle: {
        display: true,
        text: subtitle,
        font: f.base,
        color: '#444444',
        padding: { bottom: 8 },
      },
      legend: {
        position: 'top' as const,
        labels: { font: f.base, boxWidth: 14, boxHeight: 10, usePointStyle: pointLegend },
      },
    },
  };
}

function axis(style: ChartStyle, title: string) {
  const f = fonts(style);
  return {
    title: { display: true, text: title, font: f.axis, color: '#222222' },
    ticks: { font: f.base, color: '#333333' },
    grid: { color: '#e3e3e3' },
  };
}

function modesOf(run: RunView, scenario: string): string[] {
  return run.validations.filter((v) =>
    run.cells.some((c) => c.scenario === scenario && c.validation === v),
  );
}

/**
 * A bar chart: x = stack, one bar per validation mode, whiskers = 95 % CI. Cells matching
 * `capped` move to a pale dataset of their own (`skipNull` keeps each group's bars together),
 * so the legend says what a pale bar means.
 */
function barsByStack(
  run: RunView,
  scenario: string,
  pick: (
    c: CellView & { summary: NonNullable<CellView['summary']> },
  ) => { estimate: number; low: number; high: number } | undefined,
  capped: (c: CellView) => boolean,
): ChartConfiguration<'bar'>['data'] {
  const datasets: ChartDataset<'bar'>[] = [];
  modesOf(run, scenario).forEach((mode, i) => {
    const colour = validationColour(mode, i);
    const values = run.stacks.map((stack) => {
      const c = findCell(run, stack, scenario, mode);
      return hasData(c) ? { value: pick(c), capped: capped(c) } : undefined;
    });
    const dataset = (
      label: string,
      keep: (v: { capped: boolean }) => boolean,
    ): ChartDataset<'bar'> => ({
      label,
      data: values.map((v) => (v && keep(v) ? (v.value?.estimate ?? null) : null)),
      errorBars: values.map((v) => (v?.value && keep(v) ? [v.value.low, v.value.high] : null)),
      backgroundColor: colour,
      borderColor: colour,
      borderWidth: 0,
    });
    datasets.push(dataset(`validation ${mode}`, (v) => !v.capped));
    if (values.some((v) => v?.capped)) {
      datasets.push({
        ...dataset(`validation ${mode}, generator-bound (lower bound)`, (v) => v.capped),
        backgroundColor: withAlpha(colour, 0.3),
        borderWidth: 1.5,
      });
    }
  });
  return { labels: run.stacks.map((stack) => stackLabel(run, stack)), datasets };
}

function throughputChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec {
  const capped = (c: CellView): boolean => c.flags.includes('generator-bound');
  const data = barsByStack(run, scenario, (c) => c.summary.rps, capped);
  const anyCapped = run.cells.some((c) => c.scenario === scenario && capped(c));
  const subtitle =
    'Median of valid trials; whiskers: 95 % CI' +
    (anyCapped ? '; pale: capped by the load generator' : '');
  return {
    id: chartId(run, 'throughput', scenario),
    kind: 'throughput',
    run: run.key,
    scenario,
    description: `Throughput of each stack in scenario ${scenario}, req/s, median with 95 % CI, by validation mode.`,
    config: {
      type: 'bar',
      data,
      options: {
        ...baseOptions(style, `Throughput: ${scenario}${runSuffix(run)}`, subtitle),
        skipNull: true,
        scales: {
          x: axis(style, 'stack'),
          y: {
            ...axis(style, 'requests per second'),
            beginAtZero: true,
            ...whiskerRange(data.datasets),
          },
        },
      },
    },
  };
}

function cpuChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec {
  const data = barsByStack(
    run,
    scenario,
    (c) => c.summary.cpuUsPerRequest,
    () => false,
  );
  return {
    id: chartId(run, 'cpu', scenario),
    kind: 'cpu',
    run: run.key,
    scenario,
    description: `Server CPU time per request in scenario ${scenario}, µs, median with 95 % CI, by validation mode.`,
    config: {
      type: 'bar',
      data,
      options: {
        ...baseOptions(
          style,
          `CPU per request: ${scenario}${runSuffix(run)}`,
          'Server user + system CPU time per completed request; lower is cheaper; whiskers: 95 % CI',
        ),
        skipNull: true,
        scales: {
          x: axis(style, 'stack'),
          y: {
            ...axis(style, 'CPU µs per request'),
            beginAtZero: true,
            ...whiskerRange(data.datasets),
          },
        },
      },
    },
  };
}

function latencyChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec {
  const datasets: ChartDataset<'line'>[] = [];
  run.stacks.forEach((stack, s) => {
    for (const mode of modesOf(run, scenario)) {
      const c = findCell(run, stack, scenario, mode);
      if (!hasData(c) || !c.summary.latencyUs) continue;
      const latency = c.summary.latencyUs;
      const colour = stackColour(stack, s);
      datasets.push({
        label: `${stackLabel(run, stack)} · ${mode}`,
        data: PERCENTILES.map(([key]) => latency[key].estimate / 1000),
        errorBars: PERCENTILES.map(([key]) => [latency[key].low / 1000, latency[key].high / 1000]),
        borderColor: colour,
        backgroundColor: colour,
        errorBarColor: colour,
        borderDash: LINE_DASHES[mode] ?? [4, 2],
        pointStyle: POINT_STYLES[mode] ?? 'rectRot',
        pointRadius: 4,
        borderWidth: 2,
      });
    }
  });
  const lowest = Math.min(
    ...datasets.flatMap((d) => d.data.filter((v): v is number => typeof v === 'number')),
  );
  return {
    id: chartId(run, 'latency', scenario),
    kind: 'latency',
    run: run.key,
    scenario,
    description: `Latency percentiles p50, p90, p99 and p99.9 in scenario ${scenario}, ms on a logarithmic axis, per stack and validation mode.`,
    config: {
      type: 'line',
      data: { labels: PERCENTILES.map(([, label]) => label), datasets },
      options: {
        ...baseOptions(
          style,
          `Latency percentiles: ${scenario}${runSuffix(run)}`,
          'Median over trials of each percentile; logarithmic axis; dashed: validation off',
          true,
        ),
        scales: {
          x: { ...axis(style, 'percentile'), offset: true },
          y: {
            ...axis(style, 'latency (ms, log scale)'),
            type: 'logarithmic',
            // Start at a labelled 1-2-5 value so the lowest grid line has a number.
            ...(Number.isFinite(lowest) && lowest > 0 ? { min: logFloor125(lowest) } : {}),
          },
        },
      },
    },
  };
}

function trialsChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec {
  const cells = run.cells.filter((c) => c.scenario === scenario);
  const rounds = Math.max(
    run.results.manifest.rounds,
    ...cells.flatMap((c) => c.trials.map((t) => t.round)),
  );
  // Spread the cells of a round side by side (a fixed offset, not random jitter).
  const step = cells.length > 1 ? 0.6 / (cells.length - 1) : 0;
  const datasets: ChartDataset<'scatter'>[] = cells.map((c, i) => {
    const colour = stackColour(c.stack, run.stacks.indexOf(c.stack));
    return {
      label: `${stackLabel(run, c.stack)} · ${c.validation}`,
      data: c.trials
        .filter((t) => t.state === 'valid' && t.metrics)
        .map((t) => ({ x: round3(t.round - 0.3 + i * step), y: t.metrics?.rps ?? 0 })),
      borderColor: colour,
      backgroundColor: c.validation === 'off' ? '#ffffff' : colour,
      pointStyle: POINT_STYLES[c.validation] ?? 'rectRot',
      pointRadius: 4,
      borderWidth: 1.5,
    };
  });
  const x = axis(style, 'round');
  return {
    id: chartId(run, 'trials', scenario),
    kind: 'trials',
    run: run.key,
    scenario,
    description: `Every valid trial's req/s in scenario ${scenario}, by round, coloured by stack.`,
    config: {
      type: 'scatter',
      data: { datasets },
      options: {
        ...baseOptions(
          style,
          `Every valid trial: ${scenario}${runSuffix(run)}`,
          'One point per trial; points of a round are spread sideways; hollow: validation off',
          true,
        ),
        scales: {
          x: {
            ...x,
            type: 'linear',
            // Padded bounds whose span is not a whole number of steps: chart.js would otherwise
            // put its ticks at 0.5, 1.5, … instead of at the rounds.
            min: 0.45,
            max: rounds + 0.55,
            ticks: { ...x.ticks, stepSize: 1, includeBounds: false },
          },
          y: axis(style, 'requests per second'),
        },
      },
    },
  };
}

/**
 * Validation overhead, extra CPU µs per request, one bar group per stack. Only an effect is a
 * bar: a value whose interval includes zero is drawn as its whisker alone, around zero, in a
 * dataset of its own ("within noise"), and one with too few paired rounds is not drawn.
 */
function overheadChart(run: RunView, style: ChartStyle): ChartSpec | undefined {
  const datasets: ChartDataset<'bar'>[] = [];
  let series = 0;
  let anyNoise = false;
  for (const scenario of run.scenarios) {
    for (const mode of modesOf(run, scenario)) {
      if (mode === 'off') continue;
      const readings = run.stacks.map(
        (stack) => overheadReadings(run, findCell(run, stack, scenario, mode))?.cpu,
      );
      if (readings.every((r) => r === undefined)) continue;
      const colour = OTHER_SERIES_COLOURS[series % OTHER_SERIES_COLOURS.length] ?? '#000000';
      series += 1;
      const effect = readings.map((r) => (r?.kind === 'effect' ? r.value : undefined));
      datasets.push({
        label: `${scenario} · ${mode}`,
        data: effect.map((v) => v?.estimate ?? null),
        errorBars: effect.map((v) => (v ? [v.low, v.high] : null)),
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 1,
      });
      const noise = readings.map((r) => (r?.kind === 'within-noise' ? r.value : undefined));
      if (noise.some((v) => v !== undefined)) {
        anyNoise = true;
        datasets.push({
          label: `${scenario} · ${mode}, within noise (interval only)`,
          // A zero-height, invisible bar: its whisker shows the interval, no sign is drawn.
          data: noise.map((v) => (v ? 0 : null)),
          errorBars: noise.map((v) => (v ? [v.low, v.high] : null)),
          errorBarColor: colour,
          backgroundColor: 'rgba(0, 0, 0, 0)',
          borderColor: colour,
          borderWidth: 0,
        });
      }
    }
  }
  if (datasets.length === 0) return undefined;
  return {
    id: chartId(run, 'overhead'),
    kind: 'overhead',
    run: run.key,
    description:
      'Validation overhead per stack: extra server CPU µs per request against validation off, paired by round, with 95 % CI' +
      (anyNoise ? '; an interval that includes zero is drawn as a whisker without a bar.' : '.'),
    config: {
      type: 'bar',
      data: { labels: run.stacks.map((stack) => stackLabel(run, stack)), datasets },
      options: {
        ...baseOptions(
          style,
          `Validation overhead${runSuffix(run)}`,
          'Extra CPU per request against validation off, same stack, paired by round; whiskers: 95 % CI' +
            (anyNoise ? '; whisker alone: within noise' : ''),
        ),
        skipNull: true,
        scales: {
          x: axis(style, 'stack'),
          y: {
            ...axis(style, 'extra CPU µs per request'),
            beginAtZero: true,
            ...whiskerRange(datasets),
          },
        },
      },
    },
  };
}

/** Grey for reference lines: no stack or validation mode uses it. */
const REFERENCE_COLOUR = '#666666';

/**
 * Latency versus offered rate: x = the target req/s of each step, y = its p99 on a log axis,
 * one line per (stack, validation, driver) search, steps that failed drawn as crosses, and
 * each p99 bound of the SLO as a dashed horizontal line.
 */
function capacityChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec {
  const entries = run.capacity.filter((c) => c.scenario === scenario);
  const several = (pick: (c: Capacity) => string): boolean => new Set(entries.map(pick)).size > 1;
  const showMode = several((c) => c.validation);
  const showDriver = several((c) => c.driver);
  const showSlo = several((c) => c.slo);
  const capacityStacks = [...new Set(run.capacity.map((c) => c.stack))];
  const datasets: ChartDataset<'scatter'>[] = entries.map((c) => {
    const known = run.stacks.indexOf(c.stack);
    const colour = stackColour(c.stack, known >= 0 ? known : capacityStacks.indexOf(c.stack));
    // Sorted by rate so the line reads left to right; steps without a p99 cannot go on a log axis.
    const steps = c.steps
      .map((step, i) => ({ step, i }))
      .filter(({ step }) => step.latencyUs.p99 > 0)
      .sort((a, b) => a.step.targetRps - b.step.targetRps || a.i - b.i)
      .map(({ step }) => step);
    const label = [
      stackLabel(run, c.stack),
      ...(showMode ? [c.validation] : []),
      ...(showDriver ? [c.driver] : []),
      ...(showSlo ? [c.slo] : []),
    ].join(' · ');
    return {
      label,
      data: steps.map((s) => ({ x: s.targetRps, y: round3(s.latencyUs.p99 / 1000) })),
      showLine: true,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      borderDash: showMode ? (LINE_DASHES[c.validation] ?? [4, 2]) : [],
      pointStyle: steps.map((s) => (s.ok ? 'circle' : 'crossRot')),
      pointRadius: steps.map((s) => (s.ok ? 4 : 7)),
      pointBorderWidth: steps.map((s) => (s.ok ? 1 : 2.5)),
      pointBackgroundColor: colour,
      pointBorderColor: colour,
    };
  });
  const targets = entries.flatMap((c) => c.steps.map((s) => s.targetRps));
  const xMax = niceCeil(Math.max(0, ...targets) * 1.05);
  const limits = [
    ...new Set(entries.map((c) => sloLimitUs(c)).filter((v): v is number => v !== undefined)),
  ].sort((a, b) => a - b);
  for (const limit of limits) {
    const slos = [...new Set(entries.filter((c) => sloLimitUs(c) === limit).map((c) => c.slo))];
    datasets.push({
      label: `SLO ${slos.join(', ')}`,
      data: [
        { x: 0, y: limit / 1000 },
        { x: xMax, y: limit / 1000 },
      ],
      showLine: true,
      borderColor: REFERENCE_COLOUR,
      // Transparent: the legend shows the line's dashed outline, not a filled box.
      backgroundColor: 'rgba(0, 0, 0, 0)',
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
    });
  }
  const ys = [
    ...entries.flatMap((c) => c.steps.map((s) => s.latencyUs.p99 / 1000)),
    ...limits.map((l) => l / 1000),
  ];
  const lowest = Math.min(...ys.filter((v) => v > 0));
  const highest = Math.max(...ys);
  const yAxis = axis(style, 'p99 latency (ms, log scale)');
  const subtitle =
    'p99 of each step at the rate offered; logarithmic axis; dot: step passed, cross: failed' +
    (limits.length > 0 ? '; dashed: SLO' : '');
  const capacityOptions = baseOptions(
    style,
    `Capacity under SLO: ${scenario}${runSuffix(run)}`,
    subtitle,
  );
  return {
    id: chartId(run, 'capacity', scenario),
    kind: 'capacity',
    run: run.key,
    scenario,
    description:
      `Capacity search in scenario ${scenario}: p99 latency (ms, logarithmic axis) at each ` +
      `offered rate (req/s), per stack; crosses mark steps that failed (the SLO, the error budget or the rate)` +
      (limits.length > 0 ? ', the dashed line is the SLO.' : '.'),
    config: {
      type: 'scatter',
      data: { datasets },
      options: {
        ...capacityOptions,
        plugins: { ...capacityOptions.plugins, logTicks125: { axis: 'y' } },
        scales: {
          x: {
            ...axis(style, 'offered rate (target req/s)'),
            type: 'linear',
            min: 0,
            max: xMax,
          },
          y: {
            ...yAxis,
            type: 'logarithmic',
            // Every 1-2-5 tick keeps its label (the logTicks125 plugin drops the others).
            ticks: { ...yAxis.ticks, autoSkip: false },
            ...(Number.isFinite(lowest) && lowest > 0 ? { min: logFloor125(lowest) } : {}),
            // End at a labelled 1-2-5 value too, above the highest point, so none is clipped.
            ...(Number.isFinite(highest) && highest > 0 ? { max: logCeil125(highest) } : {}),
          },
        },
      },
    },
  };
}

/** Every load generator's req/s against the same server; pale where the generator was at its CPU limit. */
function driversChart(run: RunView, style: ChartStyle): ChartSpec | undefined {
  const ceilings = run.results.calibration.driverCeilings ?? [];
  if (ceilings.length === 0) return undefined;
  const limit = generatorLimitPercent(run.results);
  const bound = (d: (typeof ceilings)[number]): boolean => generatorLoadPercent(d) >= limit;
  const colour = OKABE_ITO.blue;
  const datasets: ChartDataset<'bar'>[] = [
    {
      label: 'req/s reached',
      data: ceilings.map((d) => (bound(d) ? null : d.rps)),
      backgroundColor: colour,
      borderColor: colour,
      borderWidth: 0,
    },
  ];
  if (ceilings.some(bound)) {
    datasets.push({
      label: 'req/s reached, driver at its CPU limit (a floor)',
      data: ceilings.map((d) => (bound(d) ? d.rps : null)),
      backgroundColor: withAlpha(colour, 0.3),
      borderColor: colour,
      borderWidth: 1.5,
    });
  }
  const targets = [...new Set(ceilings.map((d) => `${stackLabel(run, d.stack)} ${d.scenario}`))];
  return {
    id: chartId(run, 'drivers'),
    kind: 'drivers',
    run: run.key,
    description: `Requests per second each load generator reached alone against ${targets.join(' and ')}; pale bars: the driver ran at its CPU limit, so it measured itself.`,
    config: {
      type: 'bar',
      data: { labels: ceilings.map((d) => `${d.driver} ${d.version}`), datasets },
      options: {
        ...baseOptions(
          style,
          `Load generator ceilings: ${targets.join(', ')}${runSuffix(run)}`,
          `One trial per driver against the same server; pale: generator CPU at or above ${limit} %`,
        ),
        skipNull: true,
        scales: {
          x: axis(style, 'load generator'),
          y: { ...axis(style, 'requests per second'), beginAtZero: true },
        },
      },
    },
  };
}

/** An axis end at or above `n`, on a fifth of its power of ten: 12,600 → 14,000, 830 → 840. */
export function niceCeil(n: number): number {
  if (!(n > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(n)) / 5;
  return Number((Math.ceil(n / step) * step).toPrecision(12));
}

/** Axis bounds that keep every whisker inside the chart, not only the bars. */
function whiskerRange(datasets: readonly { errorBars?: ([number, number] | null)[] }[]): {
  suggestedMin?: number;
  suggestedMax?: number;
} {
  const bounds = datasets.flatMap((d) => (d.errorBars ?? []).flatMap((b) => b ?? []));
  if (bounds.length === 0) return {};
  const low = Math.min(...bounds);
  return { suggestedMax: Math.max(...bounds), ...(low < 0 ? { suggestedMin: low } : {}) };
}

/** The largest 1, 2 or 5 × 10^k at or below `n`: 6.4 → 5, 0.31 → 0.2, 12 → 10. */
export function logFloor125(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  const mantissa = n / power;
  const step = mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1;
  return Number((step * power).toPrecision(12));
}

/** The smallest 1, 2 or 5 × 10^k at or above `n`: 88 → 100, 31 → 50, 12 → 20, 5 → 5. */
export function logCeil125(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  const mantissa = Number((n / power).toPrecision(12));
  const step = mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10;
  return Number((step * power).toPrecision(12));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * p99 at equal offered load: x = stack, one bar per offered load (e.g. 50 % of the slowest
 * stack's capacity, the same rate for every stack), whiskers = 95 % CI, logarithmic axis.
 */
function equalLoadChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec | undefined {
  const phase = run.results.equalLoad;
  if (phase === undefined) return undefined;
  const cells = equalLoadCells(run, phase).filter(
    (c) => c.scenario === scenario && c.latencyUs !== undefined,
  );
  if (cells.length === 0) return undefined;
  const stacks = [...new Set(cells.map((c) => c.stack))];
  const modes = [...new Set(cells.map((c) => c.validation))];
  // One series per (validation, load label): the shared rates (slowest) first, by fraction.
  const order = (key: string) => {
    const [mode, basis, fraction] = key.split('\u0000') as [string, string, string];
    return [modes.indexOf(mode), basis === 'slowest' ? 0 : 1, Number(fraction)] as const;
  };
  const series = [
    ...new Set(
      cells.flatMap((c) =>
        c.labels.map((l) => `${c.validation}\u0000${l.basis}\u0000${l.fraction}`),
      ),
    ),
  ].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const datasets: ChartDataset<'bar'>[] = series.map((key, i) => {
    const [mode, basis, fraction] = key.split('\u0000') as [string, string, string];
    const at = stacks.map((stack) =>
      cells.find(
        (c) =>
          c.stack === stack &&
          c.validation === mode &&
          c.labels.some((l) => l.basis === basis && String(l.fraction) === fraction),
      ),
    );
    const label = loadLabel({
      labels: [{ basis: basis as 'own' | 'slowest', fraction: Number(fraction) }],
    });
    const shared =
      basis === 'slowest' && at[0] !== undefined
        ? ` = ${formatRpsPlain(at[0].offeredRps)} req/s`
        : '';
    const colour = OTHER_SERIES_COLOURS[i % OTHER_SERIES_COLOURS.length] ?? OKABE_ITO.blue;
    return {
      label: `${modes.length > 1 ? `${mode} · ` : ''}${label}${shared}`,
      data: at.map((c) => (c?.latencyUs ? round3(c.latencyUs.p99.estimate / 1000) : null)),
      errorBars: at.map((c) =>
        c?.latencyUs
          ? [round3(c.latencyUs.p99.low / 1000), round3(c.latencyUs.p99.high / 1000)]
          : null,
      ),
      backgroundColor: basis === 'own' ? withAlpha(colour, 0.45) : colour,
      borderColor: colour,
      borderWidth: basis === 'own' ? 1.5 : 0,
    };
  });
  const ys = cells
    .flatMap((c) => [c.latencyUs!.p99.low, c.latencyUs!.p99.high])
    .map((v) => v / 1000);
  const lowest = Math.min(...ys.filter((v) => v > 0));
  const highest = Math.max(...ys);
  const yAxis = axis(style, 'p99 latency (ms, log scale)');
  const options = baseOptions(
    style,
    `p99 at equal offered load: ${scenario}${runSuffix(run)}`,
    'Open model, latency from the intended send time; median over rounds, whiskers: 95 % CI; logarithmic axis',
  );
  return {
    id: chartId(run, 'equal-load', scenario),
    kind: 'equal-load',
    run: run.key,
    scenario,
    description: `p99 latency of each stack in scenario ${scenario} at equal offered arrival rates (open model), ms on a logarithmic axis, median with 95 % CI.`,
    config: {
      type: 'bar',
      data: { labels: stacks.map((stack) => stackLabel(run, stack)), datasets },
      options: {
        ...options,
        plugins: { ...options.plugins, logTicks125: { axis: 'y' } },
        skipNull: true,
        scales: {
          x: axis(style, 'stack'),
          y: {
            ...yAxis,
            type: 'logarithmic',
            ticks: { ...yAxis.ticks, autoSkip: false },
            ...(Number.isFinite(lowest) && lowest > 0 ? { min: logFloor125(lowest) } : {}),
            ...(Number.isFinite(highest) && highest > 0 ? { max: logCeil125(highest) } : {}),
          },
        },
      },
    },
  };
}

/** A sweep's level on its axis: a whole number (connections, req/s), `1,024` style. */
export const LEVEL_FORMAT: Intl.NumberFormatOptions = {
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
};

function formatRpsPlain(n: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
}

/**
 * A sweep: x = the level (connections or offered req/s, logarithmic), throughput on the left
 * axis (solid lines), p99 on the right (dashed, logarithmic), one colour per stack; each
 * stack's knee drawn as a large triangle on its throughput line.
 */
function sweepChart(run: RunView, scenario: string, style: ChartStyle): ChartSpec | undefined {
  const sweep = run.results.sweep;
  if (sweep === undefined) return undefined;
  const points = sweepPoints(run, sweep).filter(
    (p) => p.scenario === scenario && p.rps !== undefined,
  );
  if (points.length === 0) return undefined;
  const cellKeys = [...new Set(points.map((p) => `${p.stack}\u0000${p.validation}`))];
  const modes = new Set(points.map((p) => p.validation));
  const stacks = [...new Set(points.map((p) => p.stack))];
  const datasets: ChartDataset<'scatter'>[] = [];
  for (const key of cellKeys) {
    const [stack, mode] = key.split('\u0000') as [string, string];
    const mine = points.filter((p) => p.stack === stack && p.validation === mode);
    const knee = kneeOf(sweep, { stack, scenario, validation: mode });
    const known = run.stacks.indexOf(stack);
    const colour = stackColour(stack, known >= 0 ? known : stacks.indexOf(stack));
    const name = `${stackLabel(run, stack)}${modes.size > 1 ? ` · ${mode}` : ''}`;
    datasets.push({
      label: `${name} req/s`,
      data: mine.map((p) => ({ x: p.level, y: Math.round(p.rps!.estimate) })),
      errorBars: mine.map((p) => [Math.round(p.rps!.low), Math.round(p.rps!.high)]),
      errorBarColor: colour,
      showLine: true,
      yAxisID: 'y',
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointStyle: mine.map((p) => (p.level === knee ? 'triangle' : 'circle')),
      pointRadius: mine.map((p) => (p.level === knee ? 9 : 3)),
    });
    const withP99 = mine.filter((p) => p.latencyUs !== undefined && p.latencyUs.p99.estimate > 0);
    datasets.push({
      label: `${name} p99`,
      data: withP99.map((p) => ({ x: p.level, y: round3(p.latencyUs!.p99.estimate / 1000) })),
      showLine: true,
      yAxisID: 'y2',
      borderColor: colour,
      backgroundColor: withAlpha(colour, 0.3),
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointStyle: 'rect',
      pointRadius: 3,
    });
  }
  const p99s = points.flatMap((p) => (p.latencyUs ? [p.latencyUs.p99.estimate / 1000] : []));
  const lowest = Math.min(...p99s.filter((v) => v > 0));
  const highest = Math.max(...p99s);
  const levels = [...new Set(points.map((p) => p.level))].sort((a, b) => a - b);
  const x = axis(style, `${levelName(sweep)} (log scale)`);
  const y2 = axis(style, 'p99 latency (ms, log scale), dashed');
  const options = baseOptions(
    style,
    `Sweep over ${levelName(sweep)}: ${scenario}${runSuffix(run)}`,
    'Solid: req/s (median, 95 % CI); dashed: p99 (log axis, right); ▲: the knee',
    true,
  );
  return {
    id: chartId(run, 'sweep', scenario),
    kind: 'sweep',
    run: run.key,
    scenario,
    description: `Throughput (req/s) and p99 latency (ms, logarithmic) of each stack in scenario ${scenario} per ${sweep.model === 'closed' ? 'connection count' : 'offered rate'}; a triangle marks each stack's knee.`,
    config: {
      type: 'scatter',
      data: { datasets },
      options: {
        ...options,
        plugins: {
          ...options.plugins,
          logTicks125: { axis: 'y2' },
          // Ticked at the levels measured, not at 1…9 × 10^k.
          levelTicks: { axis: 'x', values: levels },
        },
        scales: {
          x: {
            ...x,
            type: 'logarithmic',
            // Levels are whole numbers: chart.js's own number format (en-US grouping, as the
            // other axes), not its default decimals (which read "1.0, 2.0, 10.0").
            ticks: { ...x.ticks, format: LEVEL_FORMAT },
            // A little room either side of the levels swept (no empty decade of ticks).
            min: Math.min(...levels) / 1.2,
            max: Math.max(...levels) * 1.2,
          },
          y: { ...axis(style, 'requests per second, solid'), beginAtZero: true, position: 'left' },
          y2: {
            ...y2,
            type: 'logarithmic',
            position: 'right',
            ticks: { ...y2.ticks, autoSkip: false },
            grid: { drawOnChartArea: false },
            ...(Number.isFinite(lowest) && lowest > 0 ? { min: logFloor125(lowest) } : {}),
            ...(Number.isFinite(highest) && highest > 0 ? { max: logCeil125(highest) } : {}),
          },
        },
      },
    },
  };
}
