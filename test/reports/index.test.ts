import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportFormats, renderReports, writeReports } from '../../reports/index.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { fixture } from './fixture.js';

describe('renderReports', () => {
  const results = fixture();

  it('names the files of each format', () => {
    const files = renderReports([results], ['md', 'html', 'csv', 'png', 'svg']).map((f) => f.file);
    expect(files).toEqual([
      'report.md',
      'report.html',
      'trials.csv',
      'summary.csv',
      ...['png', 'svg'].flatMap((ext) =>
        ['json', 'get-product'].flatMap((s) =>
          ['throughput', 'latency', 'cpu'].map((k) => `${k}-${s}.${ext}`),
        ),
      ),
    ]);
  });

  it('renders each format once, in the order asked', () => {
    expect(renderReports([results], ['csv', 'md', 'csv']).map((f) => f.file)).toEqual([
      'trials.csv',
      'summary.csv',
      'report.md',
    ]);
  });

  it('refuses an empty list of results', () => {
    expect(() => renderReports([], ['md'])).toThrow('Expected at least one results file, got none');
  });
});

describe('writeReports', () => {
  it('writes every file into the folder, creating it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stackbench-reports-'));
    try {
      const out = join(dir, 'nested', 'out');
      const written = await writeReports([fixture()], ['md', 'csv', 'png'], out);
      expect(written).toHaveLength(3 + 6);
      expect((await readdir(out)).sort()).toEqual(
        written.map((p) => p.slice(out.length + 1)).sort(),
      );
      expect(await readFile(join(out, 'report.md'), 'utf8')).toBe(renderMarkdown([fixture()]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseReportFormats', () => {
  it('accepts repeated and comma-separated names', () => {
    expect(parseReportFormats(['md,html', 'csv', 'md'])).toEqual(['md', 'html', 'csv']);
  });

  it('names every unknown format at once, and the valid ones', () => {
    expect(() => parseReportFormats(['md,pdf', 'jpeg'])).toThrow(
      'Expected report formats among md, html, png, svg, csv, got "pdf", "jpeg"',
    );
  });
});
