/**
 * The HTML report in a real headless Chromium: it must draw every chart offline, without a
 * console error, with sortable tables. Chromium is required: without it this suite fails
 * and says how to install it (it never skips).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/chart-specs.js';
import { renderCharts } from '../../reports/charts.js';
import { renderHtml } from '../../reports/html.js';
import { launchChromium } from './chromium.js';
import { extendedFixture, fixture } from './fixture.js';

// Code that runs in the page is written as strings: this project compiles without DOM types.

/** For each canvas: the fraction of pixels painted, and how many distinct colours (4-bit). */
const INK_PER_CANVAS = `Array.from(document.querySelectorAll('canvas')).map((canvas) => {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return { id: canvas.id, painted: 0, colours: 0 };
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) {
      painted += 1;
      colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
    }
  }
  return { id: canvas.id, painted: painted / (data.length / 4), colours: colours.size };
})`;

/** Parses each SVG text with the browser's XML parser; reports the root and any parse error. */
function parseSvgs(list: readonly { name: string; text: string }[]): string {
  return `(${JSON.stringify(list)}).map(({ name, text }) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    return { name, root: doc.documentElement.nodeName, error: error ? error.textContent : null };
  })`;
}

interface Loaded {
  page: Page;
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  /** Every request the page made, as seen by the browser. */
  requests: string[];
  /** Every request the test server received. */
  served: string[];
}

// The small fixture, and the extended one with capacity, load-generator and container sections.
describe.each([
  { name: 'results-small.json', load: fixture, svgCharts: 6 },
  { name: 'results-extended.json', load: extendedFixture, svgCharts: 7 },
])('HTML report of $name in headless Chromium', ({ load, svgCharts }) => {
  const results = load();
  const expectedCharts = chartSpecs([results], { fontFamily: 'x' }).length;
  let browser: Browser;
  let server: Server;
  let dir: string;
  let loaded: Loaded;
  const served: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stackbench-html-'));
    await writeFile(join(dir, 'report.html'), renderHtml([results]));
    server = createServer((req, res) => {
      served.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (req.url !== '/report.html') {
        res.writeHead(404).end();
        return;
      }
      readFile(join(dir, 'report.html')).then(
        (body) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    loaded = await open(browser, `http://127.0.0.1:${port}/report.html`, served);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart and says so in window.__chartsDrawn', async () => {
    const drawn = await loaded.page.evaluate<unknown>('window.__chartsDrawn');
    const canvases = await loaded.page.locator('canvas').count();
    expect(canvases).toBe(expectedCharts);
    expect(drawn).toBe(canvases);
  });

  it('draws a within-noise validation overhead as a whisker with no bar, an effect as a bar', async () => {
    // json · zod in the fixture: node:http +1.5 µs (1.4–1.7) is an effect; Hono −0.9 µs
    // (−8.7 to +0.6) is within noise.
    const bars = await loaded.page.evaluate<Record<string, { drawn: boolean; height: number }[]>>(
      `(() => {
        const chart = Chart.getChart('overhead');
        const out = {};
        chart.data.datasets.forEach((d, i) => {
          const meta = chart.getDatasetMeta(i);
          // _parsed: chart.js's own reading of each data point (NaN y: nothing to draw).
          out[d.label] = meta.data.map((el, j) => ({
            drawn: meta._parsed[j] !== undefined && Number.isFinite(meta._parsed[j].y),
            height: Math.abs(el.base - el.y),
          }));
        });
        return out;
      })()`,
    );
    const effect = bars['json · zod'];
    const noise = bars['json · zod, within noise (interval only)'];
    expect(effect?.[0]?.height).toBeGreaterThan(5);
    // Hono (4th stack): no bar in the effect dataset, a zero-height one under its whisker.
    expect(effect?.[3]?.drawn).toBe(false);
    expect(noise?.[3]?.drawn).toBe(true);
    expect(noise?.[3]?.height).toBeLessThan(0.5);
    // No within-noise element anywhere has a height: no sign is drawn.
    for (const [label, elements] of Object.entries(bars)) {
      if (!label.endsWith('within noise (interval only)')) continue;
      for (const el of elements) expect(el.height, label).toBeLessThan(0.5);
    }
  });

  it('logs no console error and throws no page error', () => {
    expect(loaded.consoleErrors).toEqual([]);
    expect(loaded.pageErrors).toEqual([]);
  });

  it('has ink on every canvas', async () => {
    const ink =
      await loaded.page.evaluate<{ id: string; painted: number; colours: number }[]>(
        INK_PER_CANVAS,
      );
    expect(ink).toHaveLength(expectedCharts);
    for (const c of ink) {
      // Axes and text alone would pass a "not empty" check; data adds area and colours.
      expect(c.painted, c.id).toBeGreaterThan(0.03);
      expect(c.colours, c.id).toBeGreaterThan(8);
    }
  });

  it('re-sorts a table when a header is clicked, and reverses on a second click', async () => {
    const table = loaded.page.locator('#table-json');
    const column = async (): Promise<number[]> =>
      (await table
        .locator('tbody tr td:nth-child(3)')
        .evaluateAll((cells) =>
          cells.map((td) => Number(td.getAttribute('data-num'))),
        )) as number[];
    const before = await column();
    const header = table.locator('thead th', { hasText: 'Throughput' });
    await header.locator('button').click();
    const ascending = await column();
    expect(ascending).toEqual([...before].sort((a, b) => a - b));
    expect(ascending).not.toEqual(before);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.locator('button').click();
    expect(await column()).toEqual([...before].sort((a, b) => b - a));
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    // Rows move whole: the stack column follows its numbers.
    const first = await table.locator('tbody tr').first().locator('td').first().textContent();
    expect(first).toBe('node:http');
  });

  it('requests nothing but the page itself', () => {
    expect(loaded.requests).toEqual([loaded.url]);
    expect(loaded.served).toEqual(['GET /report.html']);
  });

  it('parses every SVG chart as XML (Chromium DOMParser)', async () => {
    const svgs = renderCharts([results], { formats: ['svg'] }).map((c) => ({
      name: c.name,
      text: c.data.toString('utf8'),
    }));
    const verdicts = await loaded.page.evaluate<
      { name: string; root: string; error: string | null }[]
    >(parseSvgs([...svgs, { name: 'control', text: '<svg><g></svg>' }]));
    const control = verdicts.pop();
    // The check can fail: a malformed document is reported as one.
    expect(control?.error).toBeTruthy();
    expect(verdicts).toHaveLength(svgCharts);
    for (const v of verdicts) expect(v, v.name).toEqual({ name: v.name, root: 'svg', error: null });
  });
});

async function open(browser: Browser, url: string, served: string[]): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('data:')) requests.push(request.url());
  });
  await page.goto(url);
  try {
    await page.waitForFunction("typeof window.__chartsDrawn === 'number'", undefined, {
      timeout: 15_000,
    });
  } catch (error) {
    throw new Error(
      `window.__chartsDrawn was never set: the charts did not all draw. ` +
        `Console errors: ${JSON.stringify(consoleErrors)}; page errors: ${JSON.stringify(pageErrors)}`,
      { cause: error },
    );
  }
  return { page, url, consoleErrors, pageErrors, requests, served };
}
