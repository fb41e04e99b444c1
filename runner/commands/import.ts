/**
 * `stackbench import k6 <summary.json…>`: k6 summaries (from `stackbench export k6` scripts,
 * k6-operator runner logs, or any k6 handleSummary JSON) → a results file the reports accept.
 * Each file is one trial (one round), or with --merge all files are the runners of one test.
 */
import type { Command } from 'commander';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import {
  IMPORTED_RULES,
  mergeSummaries,
  readSummary,
  summaryToTrial,
  type ImportedSummary,
} from '../export/k6-import.js';
import { writeResults } from '../results/io.js';
import { catalogStacks } from '../results/migrate.js';
import { type Results, SCHEMA_VERSION } from '../results/schema.js';
import { summarizeTrials } from '../results/summarize.js';
import { loadScenarios } from '../scenarios/load.js';
import { expectedStatuses } from '../scenarios/render.js';
import { buildManifest } from '../run/manifest.js';
import { runId } from '../run/session.js';

export interface ImportK6Options {
  stack: string;
  scenario?: string;
  validation: string;
  merge?: boolean;
  out?: string;
}

export async function importK6(files: string[], options: ImportK6Options, argv: string[]) {
  if (files.length === 0) throw usageError('<summary…>: give at least one k6 summary file');
  const summaries: ImportedSummary[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      summaries.push(readSummary(file, await readFile(file, 'utf8')));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'), EXIT.BAD_INPUT);
  const groups = options.merge ? [mergeSummaries(summaries)] : summaries;

  const loaded = await loadScenarios();
  const names = new Set(groups.map((g) => options.scenario ?? g.meta.scenario));
  if (names.has(undefined))
    throw usageError(
      '--scenario: required for summaries that do not come from a stackbench script',
    );
  if (names.size > 1)
    throw usageError(
      `the summaries come from different scenarios (${[...names].join(', ')}): import them separately`,
    );
  const scenarioName = String([...names][0]);
  const scenario = loaded.get(scenarioName);
  const expected =
    scenario !== undefined
      ? expectedStatuses(scenario.scenario)
      : // A scenario this checkout does not have: only 2xx/3xx count as expected.
        new Set(Array.from({ length: 200 }, (_, i) => 200 + i));
  const hashes = new Set(groups.map((g) => g.meta.scenarioHash).filter((h) => h !== undefined));
  const hash = hashes.size === 1 ? String([...hashes][0]) : (scenario?.hash ?? 'unknown');

  const started = new Date();
  const id = `import-${runId(started)}`;
  const durationOf = (g: ImportedSummary) =>
    typeof g.meta.durationS === 'number' ? g.meta.durationS : g.testRunDurationS;
  const trials = groups.map((g, i) =>
    summaryToTrial(g, {
      stack: options.stack,
      scenario: scenarioName,
      validation: options.validation,
      round: i + 1,
      startedAt: started.toISOString(),
      durationS: durationOf(g),
      expected,
      merged: options.merge === true && summaries.length > 1,
    }),
  );
  const meta = groups[0]!.meta;
  const results: Results = {
    schemaVersion: SCHEMA_VERSION,
    runId: id,
    status: 'completed',
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    manifest: buildManifest({
      driver: {
        name: 'k6',
        version: 'imported',
        options: {
          model: String(meta.model ?? 'unknown'),
          ...(typeof meta.rate === 'number' && { rate: meta.rate }),
          ...(typeof meta.vus === 'number' && { vus: meta.vus }),
          imported: files.length,
          merged: options.merge === true,
        },
      },
      isolation: 'external',
      cpus: { server: 'external', load: 'external' },
      profile: 'import',
      seed: 1,
      rounds: trials.length,
      durationS: durationOf(groups[0]!),
      warmupS: typeof meta.warmupS === 'number' ? meta.warmupS : 0,
      scenarios: [{ name: scenarioName, hash }],
      ...(typeof meta.target === 'string' && { target: meta.target }),
      command: argv,
    }),
    validityRules: { ...IMPORTED_RULES },
    stacks: catalogStacks(),
    calibration: {},
    plan: trials.map((t) => ({
      round: t.round,
      order: t.order,
      stack: t.stack,
      scenario: t.scenario,
      validation: t.validation,
    })),
    trials,
    summary: summarizeTrials(trials, 1),
  };
  const outDir = resolve(options.out ?? join('results', id));
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  await writeResults(file, results);
  for (const t of trials) {
    const m = t.metrics!;
    console.log(
      `round ${t.round}: ${Math.round(m.rps)} req/s, p50 ${Math.round(m.latencyUs.p50)} µs, p99 ${Math.round(m.latencyUs.p99)} µs — ${t.state}${t.reason ? ` (${t.reason})` : ''}`,
    );
  }
  console.log(`Results: ${file}`);
  return { file, results };
}

export function register(program: Command): void {
  const imp = program
    .command('import')
    .description('turn other tools’ results into a results file');
  imp
    .command('k6 <summary...>')
    .description(
      'k6 summaries (stackbench export k6 scripts, k6-operator runner logs) → results.json',
    )
    .option('--stack <name>', 'what the server under test is called in the results', 'external')
    .option('--scenario <name>', 'the scenario (default: from the summary, for stackbench scripts)')
    .option('--validation <mode>', 'validation mode label', 'zod')
    .option('--merge', 'the files are the runners of one distributed test: one trial')
    .option('--out <dir>', 'write results here (default results/import-<run-id>/)')
    .action(async (files: string[], options: ImportK6Options) => {
      const { results } = await importK6(files, options, process.argv.slice(2));
      process.exitCode = results.trials.some((t) => t.state === 'valid')
        ? EXIT.OK
        : EXIT.NO_VALID_RESULT;
    });
}
