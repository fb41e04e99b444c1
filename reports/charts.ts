/**
 * PNG and SVG charts for articles, drawn in Node by chart.js on @napi-rs/canvas (Skia,
 * prebuilt: no system cairo). Throughput with CI, latency percentiles on a log axis, and CPU
 * per request, one set per scenario; and latency versus offered rate for each scenario with
 * capacity searches (`capacity-<scenario>`).
 *
 * Identical input gives identical bytes: chart.js animation is off, the pixel ratio and
 * locale are fixed, the font is a file registered by path (not whatever the system
 * resolves), PNGs carry no metadata chunks, and the SVG's clip-path ids — numbered by a
 * process-wide counter in Skia — are renumbered per document.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts, SvgExportFlag, createCanvas } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartItem,
  type Plugin,
  registerables,
} from 'chart.js';
import type { Results } from '../shared/results/schema.js';
import { errorBarsPlugin, levelTicksPlugin, logTicks125Plugin } from './chart-plugins.js';
import { type ChartKind, chartSpecs } from './chart-specs.js';
import type { Renderer } from './renderer.js';

Chart.register(...registerables);

export type ChartFormat = 'png' | 'svg';

export interface RenderedChart {
  /** e.g. `throughput-json`; with several results files, `r2-throughput-json`. */
  name: string;
  format: ChartFormat;
  data: Buffer;
}

export interface ChartOptions {
  /** @default ['png', 'svg'] */
  formats?: readonly ChartFormat[];
  /** Size in CSS pixels. @default 800 */
  width?: number;
  /** @default 450 */
  height?: number;
  /** Device pixels per CSS pixel in PNGs (SVG is vector). @default 2 */
  pixelRatio?: number;
}

/**
 * The charts an article needs; the HTML report also has per-trial, overhead and load-generator
 * charts.
 */
const ARTICLE_CHARTS: readonly ChartKind[] = [
  'throughput',
  'latency',
  'cpu',
  'capacity',
  'equal-load',
  'sweep',
];

/**
 * The font the charts use, registered from a file so every render on a machine measures
 * text identically. DejaVu Sans ships with Debian (fonts-dejavu-core); Liberation Sans
 * (fonts-liberation) comes with Chromium.
 */
const FONT_FAMILY = 'Stackbench Sans';
const FONT_FILES = [
  [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
] as const;

let fontFamily: string | undefined;

/** Registers the chart font once; falls back to the system's sans-serif, and says so. */
function chartFont(): string {
  if (fontFamily !== undefined) return fontFamily;
  const files = FONT_FILES.find(([regular]) => existsSync(regular));
  if (files) {
    for (const file of files) if (existsSync(file)) GlobalFonts.registerFromPath(file, FONT_FAMILY);
    fontFamily = FONT_FAMILY;
  } else if (GlobalFonts.families.length > 0) {
    fontFamily = 'sans-serif';
  } else {
    throw new Error(
      'Charts need a font and none was found: install one, e.g. `apt-get install fonts-dejavu-core`',
    );
  }
  return fontFamily;
}

const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Renders the throughput, latency, CPU and capacity charts of every scenario as PNG and/or SVG. */
export function renderCharts(
  results: readonly Results[],
  options: ChartOptions = {},
): RenderedChart[] {
  const { formats = ['png', 'svg'], width = 800, height = 450, pixelRatio = 2 } = options;
  const specs = chartSpecs(results, { fontFamily: chartFont(), fontSize: 13 }).filter((s) =>
    ARTICLE_CHARTS.includes(s.kind),
  );
  const out: RenderedChart[] = [];
  for (const spec of specs) {
    for (const format of formats) {
      out.push({
        name: spec.id,
        format,
        data: drawChart(spec.config, format, width, height, pixelRatio),
      });
    }
  }
  return out;
}

function drawChart(
  config: ChartConfiguration,
  format: ChartFormat,
  width: number,
  height: number,
  pixelRatio: number,
): Buffer {
  const finalConfig: ChartConfiguration = {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      animation: false,
      devicePixelRatio: format === 'svg' ? 1 : pixelRatio,
      layout: { padding: 12 },
    },
    plugins: [whiteBackground, errorBarsPlugin(), logTicks125Plugin(), levelTicksPlugin()],
  };
  if (format === 'svg') {
    const canvas = createCanvas(width, height, SvgExportFlag.ConvertTextToPaths);
    // chart.js in Node takes a context whose `.canvas` it sizes; the SVG canvas is fixed-size.
    const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, finalConfig);
    // Read before destroy(): destroying clears the canvas.
    const svg = canvas.getContent();
    chart.destroy();
    return renumberClipPaths(svg);
  }
  const canvas = createCanvas(width, height);
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, finalConfig);
  const png = canvas.toBuffer('image/png');
  chart.destroy();
  return png;
}

/** Skia numbers clip paths from a process-wide counter; number them from 1 per document. */
function renumberClipPaths(svg: Buffer): Buffer {
  const ids = new Map<string, string>();
  const text = svg
    .toString('utf8')
    .replace(/(id="|url\(#)(cl_[0-9A-Za-z]+)/g, (_, prefix: string, id: string) => {
      let mapped = ids.get(id);
      if (!mapped) {
        mapped = `cl_${ids.size + 1}`;
        ids.set(id, mapped);
      }
      return `${prefix}${mapped}`;
    });
  return Buffer.from(text, 'utf8');
}

export const pngRenderer: Renderer = {
  format: 'png',
  render: (results) =>
    renderCharts(results, { formats: ['png'] }).map((c) => ({
      file: `${c.name}.png`,
      data: c.data,
    })),
};

export const svgRenderer: Renderer = {
  format: 'svg',
  render: (results) =>
    renderCharts(results, { formats: ['svg'] }).map((c) => ({
      file: `${c.name}.svg`,
      data: c.data,
    })),
};
