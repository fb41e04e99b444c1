/** `stackbench compare <base> <head>`: per cell and metric, a verdict you can gate CI on. */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import pc from 'picocolors';
import {
  compareResults,
  type Comparison,
  METRIC_NAMES,
  type MetricName,
} from '../compare/compare.js';
import { manifestDifferences } from '../compare/manifest-diff.js';
import { comparisonJson, comparisonMarkdown, comparisonText } from '../compare/render.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { parseInteger, parseList } from '../options.js';
import { readResults } from '../results/io.js';
import { DEFAULT_SEED, LOAD_BOUNDS } from '../run/load-flags.js';

export interface CompareFlags {
  threshold: string;
  alpha: string;
  metric: string;
  format: string;
  seed: string;
  force?: boolean;
  output?: string;
}

const FORMATS = ['table', 'md', 'json'] as const;

export function parsePercent(flag: string, value: string, min: number, max: number): number {
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw usageError(`${flag}: expected a percentage from ${min} to ${max}, got "${value}"`);
  }
  return n / 100;
}

export function compareOptions(flags: CompareFlags) {
  const [format] = parseList('--format', flags.format, FORMATS);
  const alpha = Number(flags.alpha);
  if (!(alpha > 0 && alpha < 1))
    throw usageError(`--alpha: expected a number between 0 and 1, got "${flags.alpha}"`);
  return {
    format: format!,
    options: {
      threshold: parsePercent('--threshold', flags.threshold, 0.1, 100),
      alpha,
      seed: parseInteger('--seed', flags.seed, LOAD_BOUNDS.seed.min, LOAD_BOUNDS.seed.max),
      metrics: parseList('--metric', flags.metric, METRIC_NAMES) as MetricName[],
    },
  };
}

/** Prints (or writes) the comparison and returns the exit code: 1 on any regression. */
export async function emitComparison(
  comparison: Comparison,
  threshold: number,
  format: string,
  output?: string,
): Promise<number> {
  const text =
    format === 'md'
      ? comparisonMarkdown(comparison, threshold)
      : format === 'json'
        ? comparisonJson(comparison, threshold)
        : comparisonText(comparison, threshold);
  if (output !== undefined) await writeFile(output, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (comparison.rows.length === 0) {
    console.error(pc.yellow('No cell is in both results: nothing was compared.'));
  }
  return comparison.regressions > 0 ? EXIT.FAILED : EXIT.OK;
}

export function addCompareFlags(command: Command): Command {
  return command
    .option('--threshold <percent>', 'smallest change worth a verdict', '5')
    .option('--alpha <p>', 'significance level after Holm correction', '0.05')
    .option(
      '--metric <list>',
      `metrics to compare: ${METRIC_NAMES.join(', ')}`,
      METRIC_NAMES.join(','),
    )
    .option(
      '--format <format>',
      `output: ${FORMATS.join(' | ')} (md fits a PR comment or job summary)`,
      'table',
    )
    .option('--output <file>', 'write the comparison to a file instead of stdout')
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED));
}

export function register(program: Command): void {
  addCompareFlags(
    program
      .command('compare')
      .description(
        'compare two results files: Mann–Whitney U per cell and metric, Holm-corrected, with a CI of the ratio of medians',
      )
      .argument('<base>', 'the baseline results.json')
      .argument('<head>', 'the candidate results.json'),
  )
    .option('--force', 'compare even when the manifests differ (hardware, Node, driver, scenarios)')
    .addHelpText(
      'after',
      `
Verdicts: "regression"/"improvement" only when the Holm-adjusted p < alpha AND the whole
95 % CI of median(head)/median(base) lies beyond the threshold; "too noisy" when the CI is
too wide to tell; otherwise "no change". Exit 1 on any regression, 6 when the manifests differ.

Two files from different times on a shared machine often differ by more than the change you
are looking for: prefer \`stackbench ab\`, which measures both versions in the same rounds.`,
    )
    .action(async (baseFile: string, headFile: string, flags: CompareFlags) => {
      const { format, options } = compareOptions(flags);
      const [base, head] = await Promise.all([readResults(baseFile), readResults(headFile)]);
      const differences = manifestDifferences(base.manifest, head.manifest);
      if (differences.length > 0 && flags.force !== true) {
        throw new CliError(
          `the results are not comparable; their manifests differ in:\n  ${differences.join('\n  ')}\n(--force compares them anyway)`,
          EXIT.MISMATCH,
        );
      }
      process.exitCode = await emitComparison(
        compareResults(base, head, options),
        options.threshold,
        format,
        flags.output,
      );
    });
}
