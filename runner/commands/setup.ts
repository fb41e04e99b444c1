/**
 * `stackbench setup [name…]`: what some stacks need before they can start, done once per
 * machine and cached (today: `python`, the Python stacks' virtual environment). A run,
 * verify or serve does the same on first use; this command does it ahead of time (CI).
 */
import type { Command } from 'commander';
import { STACKS, stackSetups } from '../../servers/stacks.js';
import { EXIT, usageError } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';

export async function setup(names: string[]): Promise<number> {
  const setups = stackSetups();
  const known = [...setups.keys()];
  for (const name of names)
    if (!setups.has(name))
      throw usageError(
        `<name>: expected one of ${known.join(', ') || '(none: no stack needs a setup)'}, got "${name}"`,
      );
  if (names.length === 0 && known.length === 0)
    console.log('Nothing to set up: no stack needs it.');
  for (const name of names.length > 0 ? names : known) {
    const step = setups.get(name)!;
    const users = STACKS.filter((s) => s.setup?.name === name).map((s) => s.name);
    let said = false;
    await step.ensure(PROJECT_ROOT, (line) => {
      said = true;
      console.log(line);
    });
    console.log(
      said
        ? `${name}: done (for ${users.join(', ')})`
        : `${name}: already set up (for ${users.join(', ')})`,
    );
  }
  return EXIT.OK;
}

export function register(program: Command): void {
  const setups = [...stackSetups().values()];
  program
    .command('setup')
    .description('prepare what some stacks need, once per machine (cached; run on first use too)')
    .argument(
      '[name...]',
      `${setups.map((s) => `${s.name}: ${s.description}`).join('; ') || 'none needed'} (default: all)`,
    )
    .addHelpText(
      'after',
      `
  The Python environment lives in $XDG_CACHE_HOME/stackbench (else ~/.cache/stackbench), or
  $STACKBENCH_CACHE_DIR; $STACKBENCH_PYTHON picks the interpreter (default python3).
  Exit 4 when python3 is missing or older than 3.10, or pip cannot install the lock file.

  Examples:
    $ stackbench setup python && stackbench verify`,
    )
    .action(async (names: string[]) => {
      process.exitCode = await setup(names);
    });
}
