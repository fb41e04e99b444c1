/** `stackbench report <results.json…>`: the reports, a pure function of results files. */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import {
  parseReportFormats,
  REPORT_FORMATS,
  type ReportFormat,
  writeReports,
} from '../../reports/index.js';
import { usageError } from '../exit-codes.js';
import { readResults } from '../results/io.js';

export function formatsFrom(value: string, flag = '--format'): ReportFormat[] {
  try {
    return parseReportFormats([value]);
  } catch (error) {
    throw usageError(`${flag}: ${(error as Error).message}`);
  }
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'render reports (markdown, HTML, PNG/SVG charts, CSV) from one or more results files',
    )
    .argument('<results...>', 'results.json files (several: one section each)')
    .option(
      '--format <list>',
      `comma-separated: ${REPORT_FORMATS.join(', ')}`,
      REPORT_FORMATS.join(','),
    )
    .option('--out <dir>', 'where to write (default: beside the first results file)')
    .action(async (files: string[], options: { format: string; out?: string }) => {
      const formats = formatsFrom(options.format);
      const results = await Promise.all(files.map((f) => readResults(f)));
      const out = resolve(options.out ?? dirname(files[0]!));
      const written = await writeReports(results, formats, out);
      for (const path of written) console.log(path);
    });
}
