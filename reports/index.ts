/** Every report format behind one call: render in memory, or render and write to a folder. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../shared/results/schema.js';
import { pngRenderer, svgRenderer } from './charts.js';
import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html.js';
import { markdownRenderer } from './markdown.js';
import { REPORT_FORMATS, type ReportFile, type ReportFormat, type Renderer } from './renderer.js';

export { REPORT_FORMATS, type ReportFile, type ReportFormat, type Renderer };

const RENDERERS: Record<ReportFormat, Renderer> = {
  md: markdownRenderer,
  html: htmlRenderer,
  png: pngRenderer,
  svg: svgRenderer,
  csv: csvRenderer,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Checks a list of format names (e.g. from `--format md,html`), reporting every bad one at once.
 * @throws RangeError naming each unknown format and the valid ones
 */
export function parseReportFormats(values: readonly string[]): ReportFormat[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !isReportFormat(n));
  if (bad.length > 0) {
    throw new RangeError(
      `Expected report formats among ${REPORT_FORMATS.join(', ')}, got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    );
  }
  return [...new Set(names as ReportFormat[])];
}

/** Renders the given formats, in the order given; pure, so it can be tested without a disk. */
export function renderReports(
  results: readonly Results[],
  formats: readonly ReportFormat[],
): ReportFile[] {
  if (results.length === 0) throw new RangeError('Expected at least one results file, got none');
  return [...new Set(formats)].flatMap((format) => RENDERERS[format].render(results));
}

/**
 * Renders and writes the reports into `outDir` (created if missing). Each file is written to a
 * temporary name and renamed, so a reader never sees half a report.
 * @returns the paths written
 */
export async function writeReports(
  results: readonly Results[],
  formats: readonly ReportFormat[],
  outDir: string,
): Promise<string[]> {
  const files = renderReports(results, formats);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, data } of files) {
    const path = join(outDir, file);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
    written.push(path);
  }
  return written;
}
