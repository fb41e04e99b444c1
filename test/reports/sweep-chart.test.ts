/**
 * The sweep chart's level axis: whole numbers, ticked at the levels measured. The spec is plain
 * data; the labels are then read from a real chart.js chart drawn on @napi-rs/canvas (no
 * browser, no server), so the library's own formatter is what is checked.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type ChartItem, registerables } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/chart-specs.js';
import { levelTicksPlugin } from '../../reports/chart-plugins.js';
import type { Results, SweepPoint } from '../../runner/results/schema.js';
import { variant } from './fixture.js';
import { withSweep } from './phase-fixture.js';

Chart.register(...registerables);

/** The phase fixture's sweep, its node:http points moved to `levels` (req/s rising). */
function sweepAt(levels: number[], model: 'closed' | 'open' = 'closed'): Results {
  return variant((r) => {
    withSweep(r);
    const sweep = r.sweep!;
    const template = sweep.summary.find((p) => p.stack === 'node-http')!;
    sweep.model = model;
    sweep.levels = levels;
    sweep.summary = levels.map((level, i): SweepPoint => ({
      ...template,
      level,
      rps: { ...template.rps!, estimate: 1000 * (i + 1) },
    }));
    sweep.knees = [];
  });
}

function sweepSpec(results: Results) {
  const spec = chartSpecs([results], { fontFamily: 'sans-serif' }).find((s) => s.kind === 'sweep');
  if (spec === undefined) throw new Error('no sweep chart');
  return spec;
}

/** The x tick labels chart.js draws for a spec, after the JSON round trip the HTML report makes. */
function xLabels(config: ChartConfiguration<'scatter'>): string[] {
  const data = JSON.parse(JSON.stringify(config)) as ChartConfiguration<'scatter'>;
  const canvas = createCanvas(800, 450);
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, {
    ...data,
    options: { ...data.options, responsive: false, animation: false },
    plugins: [levelTicksPlugin()],
  });
  try {
    return chart.scales.x!.ticks.map((t) => String(t.label));
  } finally {
    chart.destroy();
  }
}

describe('sweep chart: the level axis', () => {
  const levels = [1, 8, 32, 128, 512];

  it('asks chart.js for whole numbers and ticks at the levels measured (plain data)', () => {
    const { config } = sweepSpec(sweepAt(levels));
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(config.options?.scales?.x).toMatchObject({
      type: 'logarithmic',
      ticks: { format: { minimumFractionDigits: 0, maximumFractionDigits: 0 } },
    });
    expect(config.options?.plugins?.levelTicks).toEqual({
      axis: 'x',
      values: [1, 8, 32, 128, 512],
    });
  });

  it('labels connections 1, 8, 32, 128, 512 as whole numbers at exactly those ticks', () => {
    const { config } = sweepSpec(sweepAt(levels));
    expect(xLabels(config as ChartConfiguration<'scatter'>)).toEqual([
      '1',
      '8',
      '32',
      '128',
      '512',
    ]);
  });

  it('labels offered rates with thousands separators', () => {
    const { config } = sweepSpec(sweepAt([500, 2500, 10_000, 40_000], 'open'));
    expect(xLabels(config as ChartConfiguration<'scatter'>)).toEqual([
      '500',
      '2,500',
      '10,000',
      '40,000',
    ]);
  });

  it('leaves the other axes and charts without the option alone', () => {
    type Hook = (chart: unknown, args: unknown, options: unknown) => void;
    const hook = levelTicksPlugin().afterBuildTicks as unknown as Hook;
    const ticks = [{ value: 1 }, { value: 2 }, { value: 5 }];
    for (const [scale, options] of [
      [
        { id: 'y', min: 1, max: 10, ticks: [...ticks] },
        { axis: 'x', values: [8] },
      ],
      [{ id: 'x', min: 1, max: 10, ticks: [...ticks] }, {}],
      [{ id: 'x', min: 1, max: 10, ticks: [...ticks] }, undefined],
    ] as const) {
      hook({}, { scale }, options);
      expect(scale.ticks).toEqual(ticks);
    }
  });
});
