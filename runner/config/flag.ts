/**
 * `--config <file>`, declared once for every command that takes stacks or scenarios: before
 * such a command's action runs, the config file (`--config`'s, or one found in the current
 * folder) is read and its stacks and scenarios join the built-in ones.
 */
import type { Command } from 'commander';
import { registerStack, STACK_NAMES } from '../../servers/stacks.js';
import { loadScenarios, registerScenario } from '../scenarios/load.js';
import { CONFIG_NAMES, findConfig, loadConfig, type LoadedConfig } from './load.js';

/** The commands that read stacks or scenarios, so take `--config`. */
export const CONFIG_COMMANDS: readonly string[] = [
  'run',
  'ab',
  'verify',
  'serve',
  'list',
  'capacity',
  'sweep',
  'drivers',
  'export',
  'import',
];

/** Reads the config file (if any) and adds its stacks and scenarios; what it added. */
export async function applyConfig(
  flag: string | undefined,
  cwd = process.cwd(),
): Promise<LoadedConfig | undefined> {
  const file = findConfig(flag, cwd);
  if (file === undefined) return undefined;
  const builtIn = await loadScenarios();
  const config = await loadConfig(file, {
    stacks: STACK_NAMES,
    scenarios: [...builtIn.keys()],
  });
  for (const stack of config.stacks) registerStack(stack);
  for (const scenario of config.scenarios) registerScenario(scenario);
  return config;
}

const HELP = `a config file declaring your own stacks and scenario files (default: ${CONFIG_NAMES.join(' or ')} in the current folder, if there is one)`;

/** Adds `--config` to each of CONFIG_COMMANDS and reads the file before their actions. */
export function addConfigFlag(program: Command): void {
  for (const command of program.commands)
    if (CONFIG_COMMANDS.includes(command.name())) {
      command.option('--config <file>', HELP);
      // Nested commands (`export k6`) take it too.
      for (const sub of command.commands) sub.option('--config <file>', HELP);
    }
  program.hook('preAction', async (_program, action) => {
    const names = [action.name(), action.parent?.name() ?? ''];
    if (!names.some((n) => CONFIG_COMMANDS.includes(n))) return;
    await applyConfig((action.opts() as { config?: string }).config);
  });
}
