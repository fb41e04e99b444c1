#!/usr/bin/env node
/** stackbench: honest benchmarks of Node HTTP stacks serving the same catalog API. */
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { outputError, ResultsFileError } from './results/io.js';
import { toolVersion } from './run/manifest.js';
import { registerCommands } from './commands/index.js';

const program = new Command('stackbench')
  .description(
    'Benchmark equivalent catalog REST servers on node:http, Express, Fastify and Hono,\nwith pinned CPUs, interleaved rounds and confidence intervals.',
  )
  .version(toolVersion())
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `\n${EXIT_CODES_HELP}`)
  .exitOverride();

registerCommands(program);

// `stackbench list | head` closes our stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK);
  throw error;
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
    const output = outputError(error);
    if (output !== undefined) {
      console.error(pc.red(`stackbench: ${output.message}`));
      process.exitCode = output.exitCode;
      return;
    }
    console.error(pc.red('stackbench: internal error (please report it):'));
    console.error(error);
    process.exitCode = EXIT.INTERNAL;
  }
}

await main();
