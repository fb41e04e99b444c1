/**
 * `stackbench ab --base <ref> [--head <ref>]`: builds both versions, runs them interleaved
 * round by round in one run on this machine, and compares them — the gate for a pull request.
 */
import type { Command } from 'commander';
import { gitRef, type Version, workingTree } from '../ab/versions.js';
import { abPlan, runAb } from '../ab/run-ab.js';
import { pairCells, pairVersions, stackPair } from '../ab/stack-pair.js';
import { findStack } from '../../servers/stacks.js';
import { EXIT, usageError } from '../exit-codes.js';
import { loadScenarios } from '../scenarios/load.js';
import {
  addLoadFlags,
  driverNamed,
  isolationNamed,
  type LoadFlagValues,
} from '../run/load-flags.js';
import { planCells } from '../run/plan.js';
import { progressReporter } from '../run/progress.js';
import { addCompareFlags, type CompareFlags, compareOptions, emitComparison } from './compare.js';
import {
  checkCapabilities,
  checkTools,
  emptyResults,
  manifestFor,
  Session,
  storedSettings,
} from '../run/session.js';
import { resolveOptions, runNeeds } from './run.js';
import { verifyBeforeMeasure } from './verify.js';

interface AbFlags extends CompareFlags, Omit<LoadFlagValues, 'seed'> {
  base?: string;
  head?: string;
  baseStack?: string;
  headStack?: string;
  stack?: string;
  scenario?: string;
  validation?: string;
  rounds: string;
  profile: string;
  out?: string;
  verify: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('ab')
    .description('measure two versions (git refs) interleaved in one run, then compare them')
    .option('--base <ref>', 'the baseline: a branch, tag or commit (or --base-stack)')
    .option('--head <ref>', 'the candidate (default: the working tree as it is)')
    .option(
      '--base-stack <name>',
      "instead of git refs: a stack as the baseline, e.g. your app's previous release declared in the config file",
    )
    .option('--head-stack <name>', 'with --base-stack: the stack as the candidate')
    .option('--profile <name>', 'which stacks/scenarios/validations by default', 'quick')
    .option('--stack <list>', "comma-separated stacks (default: the profile's)")
    .option('--scenario <list>', 'comma-separated scenarios')
    .option('--validation <list>', 'comma-separated validation modes')
    .option('--rounds <n>', 'rounds; each runs both versions of every cell once', '8')
    .option('--out <dir>', "where the run's results.json goes (default: results/ab-<run-id>/)")
    .option('--no-verify', 'skip the contract check of both versions');
  // --seed comes with the compare flags: one seed for the trial order and the bootstrap.
  addLoadFlags(command, {
    flags: [
      'duration',
      'warmup',
      'connections',
      'timeout',
      'serverCpus',
      'loadCpus',
      'driver',
      'isolation',
      'poll',
    ],
    help: {
      duration: "seconds in each measured window (default: the profile's)",
      warmup: "seconds of load before each window, not measured (default: the profile's)",
      connections: "concurrent connections (closed model; default: the profile's)",
    },
  });
  addCompareFlags(command)
    .addHelpText(
      'after',
      `
Why ab: a shared CI runner's speed drifts by tens of percent between runs, so a number
stored from last week says little about today's. ab runs base and head in the SAME rounds,
shuffled together, so drift hits both alike and only the difference remains.

Examples:
  $ stackbench ab --base main                       # working tree vs main
  $ stackbench ab --base v1.2.0 --head v1.3.0 --stack fastify --format md
  $ stackbench ab --config stackbench.config.yaml --base-stack my-app-prev --head-stack my-app --scenario checkout`,
    )
    .action(async (flags: AbFlags) => {
      const { format, options: compare } = compareOptions(flags);
      const pair = stackPair(flags);
      const loaded = await loadScenarios();
      const resolved = resolveOptions(
        pair === undefined ? flags : { ...flags, stack: pair.head },
        loaded,
      );
      const driver = driverNamed(flags.driver);
      const isolation = isolationNamed(flags.isolation);
      for (const name of pair === undefined ? [] : [pair.base, pair.head]) {
        const refused = isolation.refuses?.(findStack(name)!);
        if (refused !== undefined) throw usageError(`--isolation ${isolation.name}: ${refused}`);
      }
      checkCapabilities(driver, isolation, {
        ...runNeeds(resolved.settings, resolved.scenarios),
        ...(pair === undefined && { customEntry: 'ab' }),
      });
      await checkTools([driver], isolation);

      const named = pair === undefined ? flags : { base: pair.base, head: pair.head };
      console.log(`Preparing base (${named.base}) and head (${named.head ?? 'working tree'})…`);
      const versions: Version[] = [];
      try {
        let base: Version;
        let head: Version;
        if (pair === undefined) {
          base = await gitRef(flags.base!, 'base');
          versions.push(base);
          head = flags.head === undefined ? await workingTree() : await gitRef(flags.head, 'head');
          versions.push(head);
        } else [base, head] = pairVersions(pair);
        for (const v of [base, head]) {
          console.log(
            `  ${v === base ? 'base' : 'head'}: ${v.label}${v.commit ? ` (${v.commit.slice(0, 12)})` : ''}`,
          );
        }

        const planned = planCells(
          resolved.stacks,
          resolved.scenarios.map((s) => s.scenario),
          resolved.validations,
        );
        const cells = pair === undefined ? planned : pairCells(pair, planned);
        if (flags.verify) {
          const targets = cells
            .filter(
              (c, i, all) =>
                all.findIndex((d) => d.stack === c.stack && d.validation === c.validation) === i,
            )
            .flatMap((c) => [
              { stack: pair?.base ?? c.stack, validation: c.validation, root: base.root },
              { stack: pair?.head ?? c.stack, validation: c.validation, root: head.root },
            ]);
          await verifyBeforeMeasure(
            targets,
            'a version fails the contract (see above); --no-verify to measure anyway',
          );
        }

        const { settings } = resolved;
        const session = await Session.open({
          kind: 'ab',
          out: flags.out,
          loadCpus: settings.loadCpus,
          create: async (id, started) =>
            emptyResults(
              id,
              started,
              await manifestFor({
                driver,
                isolation,
                settings,
                profile: resolved.profile,
                rounds: resolved.rounds,
                scenarios: resolved.scenarios,
                argv: process.argv.slice(2),
              }),
              {
                plan: abPlan(cells, resolved.rounds, settings.seed),
                settings: storedSettings(driver, isolation, settings),
              },
            ),
        });
        const interactive = process.stderr.isTTY === true && !process.env.CI;
        const progress = progressReporter(
          interactive ? process.stderr : process.stdout,
          interactive,
        );
        console.log(
          `Running ${session.results.plan.length} trials (both versions interleaved) → ${session.file}`,
        );
        let outcome: Awaited<ReturnType<typeof runAb>> | undefined;
        await session.measure(async () => {
          try {
            outcome = await runAb(
              {
                driver,
                isolation,
                scenarios: loaded,
                file: session.file,
                signal: session.signal,
                events: progress,
              },
              { ...settings, scriptDir: session.dir },
              session.results,
              pair === undefined
                ? { base, head }
                : { base: { ...base, stack: pair.base }, head: { ...head, stack: pair.head } },
              compare,
            );
            session.results = outcome.results;
          } finally {
            progress.stop();
          }
        });
        await session.finish();
        if (session.interrupted || outcome === undefined) {
          console.log(`Interrupted; partial results in ${session.file}`);
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
