#!/usr/bin/env node
/** stackbench: honest benchmarks of Node HTTP stacks serving the same catalog API. */
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../servers/contract/schemas.js';
import { STACK_NAMES, STACKS } from '../servers/stacks.js';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { parseList, parseUrl } from './options.js';
import { ResultsFileError } from './results/io.js';
import { PROFILES } from './run/profiles.js';
import { toolVersion } from './run/manifest.js';
import { list } from './commands/list.js';
import { run, type RunOptions } from './commands/run.js';
import { serve, type ServeOptions } from './commands/serve.js';
import { printVerify, verifyStacks } from './commands/verify.js';

const program = new Command('stackbench')
  .description(
    'Benchmark equivalent catalog REST servers on node:http, Express, Fastify and Hono,\nwith pinned CPUs, interleaved rounds and confidence intervals.',
  )
  .version(toolVersion())
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `\n${EXIT_CODES_HELP}`)
  .exitOverride();

program
  .command('run')
  .description(
    'measure every stack × scenario × validation in interleaved rounds; writes results.json',
  )
  .option(
    '--profile <name>',
    `quick | thorough (${Object.entries(PROFILES)
      .map(([n, p]) => `${n}: ${p.description}`)
      .join('; ')})`,
    'quick',
  )
  .option('--stack <list>', `comma-separated stacks (default: all: ${STACK_NAMES.join(', ')})`)
  .option(
    '--scenario <list>',
    "comma-separated scenarios (default: the profile's; see `stackbench list`)",
  )
  .option(
    '--validation <list>',
    `comma-separated validation modes: ${VALIDATION_MODES.join(', ')} (default: the profile's)`,
  )
  .option('--rounds <n>', 'rounds; each runs every cell once, in a seeded shuffled order')
  .option('--duration <s>', 'seconds in each measured window')
  .option('--warmup <s>', 'seconds of load before each window, not measured')
  .option('--connections <n>', 'concurrent connections (closed model)')
  .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
  .option('--seed <n>', 'seed for the trial order, request variety and bootstrap (default 1)')
  .option(
    '--out <dir>',
    'write results here (default: results/<run-id>/, with results/latest pointing at it)',
  )
  .option('--resume <dir>', 'continue an interrupted run in <dir> with its own settings')
  .option('--server-cpus <list>', 'CPUs for the server (default: the last CPU)')
  .option('--load-cpus <list>', 'CPUs for the load generator and stackbench (default: the others)')
  .option('--driver <name>', 'load driver', 'autocannon')
  .option('--isolation <name>', 'how servers run', 'process')
  .option('--no-verify', 'skip the contract check before measuring (not recommended)')
  .addHelpText(
    'after',
    `
Examples:
  $ stackbench run                                  # the quick profile (what npm run bench runs)
  $ stackbench run --profile thorough --out results/study
  $ stackbench run --stack node-http,fastify --scenario get-product --rounds 10
  $ stackbench run --resume results/latest          # after Ctrl-C or a crash

Trials that saw unexpected statuses, socket errors or timeouts are "invalid"; trials whose
load generator used ≥ 90 % of its CPU are "generator-bound" (the server's number is a floor).`,
  )
  .action(async (options: RunOptions) => {
    process.exitCode = await run(options, process.argv.slice(2));
  });

program
  .command('serve')
  .description("start one stack's server in the foreground, as a run would")
  .argument('<stack>', STACK_NAMES.join(' | '))
  .option('--port <n>', 'port; 0 picks a free one (the listening line says which)', '3000')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .addOption(
    new Option('--validation <mode>', 'input validation').choices(VALIDATION_MODES).default('zod'),
  )
  .option('--seed-products <n>', 'products seeded at start (default 1000)')
  .option('--cors-origins <list>', 'comma-separated allowed CORS origins')
  .action(async (stack: string, options: ServeOptions) => {
    process.exitCode = await serve(stack, options);
  });

program
  .command('verify')
  .description('run the contract checks against fresh servers (or --target) and compare stacks')
  .option('--stack <list>', 'comma-separated stacks (default: all)')
  .option('--validation <list>', 'comma-separated modes (default: every mode each stack has)')
  .option('--target <url>', 'check a server already running at this URL instead')
  .action(async (options: { stack?: string; validation?: string; target?: string }) => {
    const stacks = options.stack ? parseList('--stack', options.stack, STACK_NAMES) : STACK_NAMES;
    const modes = options.validation
      ? parseList('--validation', options.validation, VALIDATION_MODES)
      : undefined;
    const url = options.target === undefined ? undefined : parseUrl('--target', options.target);
    const targets =
      url !== undefined
        ? (modes ?? ['zod']).map((validation) => ({ stack: 'target', validation }))
        : STACKS.filter((s) => stacks.includes(s.name)).flatMap((s) =>
            (s.validations as readonly ValidationMode[])
              .filter((v) => modes === undefined || modes.includes(v))
              .map((validation) => ({ stack: s.name, validation })),
          );
    const results = await verifyStacks(targets, url);
    printVerify(results);
    process.exitCode = results.every((r) => r.ok) ? EXIT.OK : EXIT.FAILED;
  });

program
  .command('list')
  .description('list stacks, scenarios and profiles')
  .option('--json', 'machine-readable output')
  .action(async (options: { json?: boolean }) => {
    await list(options.json === true);
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    if (error instanceof CliError) {
      console.error(pc.red(`stackbench: ${error.message}`));
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ResultsFileError) {
      console.error(pc.red(`stackbench: ${error.message}`));
      process.exitCode = EXIT.BAD_INPUT;
      return;
    }
    console.error(pc.red('stackbench: internal error (please report it):'));
    console.error(error);
    process.exitCode = EXIT.INTERNAL;
  }
}

await main();
