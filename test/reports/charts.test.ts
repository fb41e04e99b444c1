import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { logFloor125 } from '../../reports/chart-specs.js';
import { renderCharts } from '../../reports/charts.js';
import { fixture } from './fixture.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The fraction of a PNG's pixels that are not white. */
async function inkFraction(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 255) < 240 || (data[i + 1] ?? 255) < 240 || (data[i + 2] ?? 255) < 240)
      ink += 1;
  }
  return ink / (data.length / 4);
}

describe('renderCharts', () => {
  const results = fixture();
  const charts = renderCharts([results]);

  it('renders throughput, latency and CPU charts for every scenario, as PNG and SVG', () => {
    expect(charts.map((c) => `${c.name}.${c.format}`)).toEqual([
      'throughput-json.png',
      'throughput-json.svg',
      'latency-json.png',
      'latency-json.svg',
      'cpu-json.png',
      'cpu-json.svg',
      'throughput-get-product.png',
      'throughput-get-product.svg',
      'latency-get-product.png',
      'latency-get-product.svg',
      'cpu-get-product.png',
      'cpu-get-product.svg',
    ]);
  });

  it('writes PNGs of 800×450 CSS pixels at pixel ratio 2, with a drawn chart on white', async () => {
    for (const chart of charts.filter((c) => c.format === 'png')) {
      expect(chart.data.subarray(0, 8).equals(PNG_SIGNATURE), chart.name).toBe(true);
      expect(pngSize(chart.data)).toEqual({ width: 1600, height: 900 });
      const ink = await inkFraction(chart.data);
      // Bars, lines, axes and text cover some of the image, but it is not a solid block.
      expect(ink, chart.name).toBeGreaterThan(0.03);
      expect(ink, chart.name).toBeLessThan(0.8);
    }
  });

  it('takes the size and pixel ratio as options', () => {
    const [png] = renderCharts([results], {
      formats: ['png'],
      width: 400,
      height: 300,
      pixelRatio: 1,
    });
    expect(png && pngSize(png.data)).toEqual({ width: 400, height: 300 });
  });

  it('writes SVGs with text as paths (no font needed to view them)', () => {
    for (const chart of charts.filter((c) => c.format === 'svg')) {
      const svg = chart.data.toString('utf8');
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toMatch(/<svg [^>]*width="800" height="450"/);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).not.toContain('<text');
      const paths = svg.match(/<path [^>]*>/g) ?? [];
      expect(paths.length).toBeGreaterThan(50);
      // Titles and labels become long glyph-outline paths.
      expect(Math.max(...paths.map((p) => p.length))).toBeGreaterThan(5000);
    }
  });

  it('gives identical bytes when rendered again', () => {
    const again = renderCharts([results]);
    expect(again).toHaveLength(charts.length);
    again.forEach((chart, i) => {
      expect(
        chart.data.equals(charts[i]?.data ?? Buffer.alloc(0)),
        `${chart.name}.${chart.format}`,
      ).toBe(true);
    });
  });

  it('changes when the data changes', () => {
    const other = fixture();
    const c = other.summary.find(
      (s) => s.stack === 'express' && s.scenario === 'json' && s.validation === 'zod',
    );
    if (c?.rps) c.rps.estimate = 12_000;
    const [before] = renderCharts([results], { formats: ['png'] });
    const [after] = renderCharts([other], { formats: ['png'] });
    expect(before?.data.equals(after?.data ?? Buffer.alloc(0))).toBe(false);
  });

  it('prefixes names with the run when several results files are drawn', () => {
    const names = renderCharts([results, fixture()], { formats: ['svg'] }).map((c) => c.name);
    expect(names).toContain('r1-throughput-json');
    expect(names).toContain('r2-cpu-get-product');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('logFloor125', () => {
  it.each([
    [6.4, 5],
    [4.71, 2],
    [12, 10],
    [0.31, 0.2],
    [1, 1],
  ])('%s → %s', (n, expected) => {
    expect(logFloor125(n)).toBe(expected);
  });
});
