/** `stackbench serve <stack>`: one server in the foreground, as the runner would start it. */
import { type Command, Option } from 'commander';
import { VALIDATION_MODES } from '../../servers/contract/schemas.js';
import { spawn } from 'node:child_process';
import { findStack, STACK_NAMES } from '../../servers/stacks.js';
import { usageError } from '../exit-codes.js';
import { parseInteger } from '../options.js';
import { freePort, withPort } from '../servers/assigned-port.js';
import { launchCommand } from '../servers/launch.js';
import { tethered } from '../process/tethered.js';

export interface ServeOptions {
  port: string;
  host: string;
  /** @default the stack's first validation mode */
  validation?: string;
  seedProducts?: string;
  corsOrigins?: string;
}

export async function serve(stackName: string, options: ServeOptions): Promise<number> {
  const stack = findStack(stackName);
  if (stack === undefined) {
    throw usageError(`<stack>: expected one of ${STACK_NAMES.join(', ')}, got "${stackName}"`);
  }
  const validation = options.validation ?? stack.validations[0] ?? 'off';
  if (!(stack.validations as readonly string[]).includes(validation)) {
    throw usageError(
      `--validation: ${stack.name} supports ${stack.validations.join(', ')}, got "${validation}"`,
    );
  }
  let port = parseInteger('--port', options.port, 0, 65535);
  // A user's own app is not asked to pick a port and print it: one is picked for it here.
  if (port === 0 && stack.startup !== undefined) port = await freePort(options.host);
  const env: Record<string, string> = {
    HOST: options.host,
    PORT: String(port),
    VALIDATION: validation,
  };
  if (options.seedProducts !== undefined) {
    env.SEED_PRODUCTS = String(
      parseInteger('--seed-products', options.seedProducts, 0, 10_000_000),
    );
  }
  if (options.corsOrigins !== undefined) env.CORS_ORIGINS = options.corsOrigins;

  // The stack's own command, after its setup on first use (a Python environment).
  const declared = await launchCommand({ stack: stack.name });
  const launch =
    stack.startup === undefined ? declared : withPort(declared, { host: options.host, port });
  if (stack.startup !== undefined)
    console.error(`${stack.name}: starting on http://${options.host}:${port} (PORT=${port})`);
  const command = tethered(launch.file, [...launch.args]);
  const child = spawn(command.file, command.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...env, ...launch.env, ...command.env },
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGTERM'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 0 : 1)));
  });
}
export function register(program: Command): void {
  program
    .command('serve')
    .description("start one stack's server in the foreground, as a run would")
    .argument('<stack>', STACK_NAMES.join(' | '))
    .option('--port <n>', 'port; 0 picks a free one (the listening line says which)', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(
      new Option(
        '--validation <mode>',
        "input validation (default: the stack's first mode)",
      ).choices(VALIDATION_MODES),
    )
    .option('--seed-products <n>', 'products seeded at start (default 1000)')
    .option('--cors-origins <list>', 'comma-separated allowed CORS origins')
    .action(async (stack: string, options: ServeOptions) => {
      process.exitCode = await serve(stack, options);
    });
}
