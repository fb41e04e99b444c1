/**
 * `stackbench ab --base <ref> [--head <ref>]`: builds both versions, runs them interleaved
 * round by round in one run on this machine, and compares them — the gate for a pull request.
 */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gitRef, type Version, workingTree } from '../ab/versions.js';
import { abPlan, runAb } from '../ab/run-ab.js';
import { DRIVERS } from '../drivers/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { processIsolation } from '../isolation/process.js';
import { loadScenarios } from '../scenarios/load.js';
import { planCells } from '../run/plan.js';
import { progressReporter } from '../run/progress.js';
import { writeResults } from '../results/io.js';
import { addCompareFlags, type CompareFlags, compareOptions, emitComparison } from './compare.js';
import { initialResults, onInterrupt, pinSelf, runId } from '../run/session.js';
import { resolveOptions } from './run.js';
import { printVerify, verifyStacks } from './verify.js';

interface AbFlags extends CompareFlags {
  base: string;
  head?: string;
  stack?: string;
  scenario?: string;
  validation?: string;
  rounds: string;
  duration?: string;
  warmup?: string;
  connections?: string;
  timeout: string;
  profile: string;
  out?: string;
  serverCpus?: string;
  loadCpus?: string;
  verify: boolean;
}

export function register(program: Command): void {
  addCompareFlags(
    program
      .command('ab')
      .description('measure two versions (git refs) interleaved in one run, then compare them')
      .requiredOption('--base <ref>', 'the baseline: a branch, tag or commit')
      .option('--head <ref>', 'the candidate (default: the working tree as it is)')
      .option('--profile <name>', 'which stacks/scenarios/validations by default', 'quick')
      .option('--stack <list>', "comma-separated stacks (default: the profile's)")
      .option('--scenario <list>', 'comma-separated scenarios')
      .option('--validation <list>', 'comma-separated validation modes')
      .option('--rounds <n>', 'rounds; each runs both versions of every cell once', '8')
      .option('--duration <s>', 'seconds in each measured window')
      .option('--warmup <s>', 'seconds of load before each window')
      .option('--connections <n>', 'concurrent connections')
      .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
      .option('--out <dir>', "where the run's results.json goes (default: results/ab-<run-id>/)")
      .option('--server-cpus <list>', 'CPUs for the server')
      .option('--load-cpus <list>', 'CPUs for the load generator')
      .option('--no-verify', 'skip the contract check of both versions'),
  )
    .addHelpText(
      'after',
      `
Why ab: a shared CI runner's speed drifts by tens of percent between runs, so a number
stored from last week says little about today's. ab runs base and head in the SAME rounds,
shuffled together, so drift hits both alike and only the difference remains.

Examples:
  $ stackbench ab --base main                       # working tree vs main
  $ stackbench ab --base v1.2.0 --head v1.3.0 --stack fastify --format md`,
    )
    .action(async (flags: AbFlags) => {
      const { format, options: compare } = compareOptions(flags);
      const loaded = await loadScenarios();
      const resolved = resolveOptions({ ...flags, seed: flags.seed }, loaded);
      const driver = DRIVERS.autocannon!;
      const missing = await processIsolation.unavailable();
      if (missing !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);

      console.log(`Preparing base (${flags.base}) and head (${flags.head ?? 'working tree'})…`);
      const versions: Version[] = [];
      try {
        const base = await gitRef(flags.base, 'base');
        versions.push(base);
        const head =
          flags.head === undefined ? await workingTree() : await gitRef(flags.head, 'head');
        versions.push(head);
        for (const v of [base, head]) {
          console.log(
            `  ${v === base ? 'base' : 'head'}: ${v.label}${v.commit ? ` (${v.commit.slice(0, 12)})` : ''}`,
          );
        }

        const cells = planCells(
          resolved.stacks,
          resolved.scenarios.map((s) => s.scenario),
          resolved.validations,
        );
        if (flags.verify) {
          const targets = cells
            .filter(
              (c, i, all) =>
                all.findIndex((d) => d.stack === c.stack && d.validation === c.validation) === i,
            )
            .flatMap((c) => [
              { stack: c.stack, validation: c.validation, entry: base.entry(c.stack) },
              { stack: c.stack, validation: c.validation, entry: head.entry(c.stack) },
            ]);
          const verified = await verifyStacks(targets);
          if (verified.some((v) => !v.ok)) {
            printVerify(verified);
            throw new CliError(
              'a version fails the contract (see above); --no-verify to measure anyway',
              EXIT.FAILED,
            );
          }
        }

        const started = new Date();
        const id = `ab-${runId(started)}`;
        const outDir = resolve(flags.out ?? join('results', id));
        await mkdir(outDir, { recursive: true });
        const file = join(outDir, 'results.json');
        const results = await initialResults({
          id,
          started,
          driver,
          isolation: processIsolation,
          settings: resolved.settings,
          profile: resolved.profile,
          rounds: resolved.rounds,
          scenarios: resolved.scenarios,
          plan: abPlan(cells, resolved.rounds, resolved.settings.seed),
          argv: process.argv.slice(2),
        });
        await writeResults(file, results);

        pinSelf(resolved.settings.loadCpus);
        const interrupts = onInterrupt();
        const interactive = process.stderr.isTTY === true && !process.env.CI;
        const progress = progressReporter(
          interactive ? process.stderr : process.stdout,
          interactive,
        );
        console.log(`Running ${results.plan.length} trials (both versions interleaved) → ${file}`);
        let outcome;
        try {
          outcome = await runAb(
            {
              driver,
              isolation: processIsolation,
              scenarios: loaded,
              file,
              signal: interrupts.controller.signal,
              events: progress,
            },
            resolved.settings,
            results,
            { base, head },
            compare,
          );
        } finally {
          progress.stop();
          interrupts.dispose();
        }
        if (outcome.results.status === 'interrupted') {
          console.log(`Interrupted; partial results in ${file}`);
          process.exitCode = EXIT.INTERRUPTED;
          return;
        }
        console.log('');
        process.exitCode = await emitComparison(
          outcome.comparison,
          compare.threshold,
          format,
          flags.output,
        );
      } finally {
        for (const v of versions) await v.dispose();
      }
    });
}
