/**
 * Starts one stack's server with the command its declaration gives (after its setup, on
 * first use), optionally pinned with taskset, waits for its `listening on` line and for
 * `/ready`, and stops it with SIGTERM then SIGKILL. Used by verify, by the process isolation
 * and by the tests.
 */
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { findStack, type LaunchCommand, type StackSpec } from '../../servers/stacks.js';
import { PROJECT_ROOT } from '../paths.js';
import { tethered } from '../process/tethered.js';
import { usageError } from '../exit-codes.js';
import { freePort, waitForAssignedPort, withPort } from './assigned-port.js';
import { send } from '../verify/http.js';

export interface LaunchOptions {
  stack: string;
  validation: ValidationMode;
  host?: string;
  /** CPU list for taskset (e.g. "1"); undefined runs unpinned. */
  cpus?: string;
  env?: Record<string, string>;
  /** How long to wait for the listening line and /ready. */
  startTimeoutMs?: number;
  /** The project whose version of the stack runs (`ab`'s git worktrees). @default PROJECT_ROOT */
  root?: string;
  /** A Node script to run instead of the stack's own (test fixtures). */
  entry?: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Resolves when the process exits, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: string | null }>;
  /** Everything the process wrote to stderr so far (for crash reports). */
  stderr(): string;
}

export const LISTENING = /^listening on (http:\/\/\S+)$/;

const prepared = new Map<string, Promise<void>>();

/** Runs a stack's setup once per process and project root; progress lines go to stderr. */
export function prepareStack(
  stack: StackSpec,
  root: string = PROJECT_ROOT,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  const setup = stack.setup;
  if (setup === undefined) return Promise.resolve();
  const key = `${setup.name}\0${root}`;
  let done = prepared.get(key);
  if (done === undefined) {
    done = setup.ensure(root, log);
    prepared.set(key, done);
    done.catch(() => prepared.delete(key));
  }
  return done;
}

/** The command that starts `options.stack` (its setup done first). */
export async function launchCommand(
  options: Pick<LaunchOptions, 'stack' | 'root' | 'entry'>,
): Promise<LaunchCommand> {
  const root = options.root ?? PROJECT_ROOT;
  if (options.entry !== undefined)
    return { file: process.execPath, args: [options.entry], cwd: root };
  const stack = findStack(options.stack);
  if (stack === undefined)
    throw usageError(
      `unknown stack "${options.stack}" (a stack from a config file? give the same --config again)`,
    );
  await prepareStack(stack, root);
  return stack.command(root);
}

export async function launchServer(options: LaunchOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  // A user's own app gets a port picked here (see assigned-port.ts); ours pick one themselves.
  const startup = options.entry === undefined ? findStack(options.stack)?.startup : undefined;
  const port = startup === undefined ? 0 : await freePort(host);
  const declared = await launchCommand(options);
  const launch = startup === undefined ? declared : withPort(declared, { host, port });
  // Dies with this process whatever kills it, and carries this runner's tags (the tests and
  // the next run's sweep find a run's own servers by them).
  const command = tethered(launch.file, [...launch.args], { cpus: options.cpus });
  const env = {
    HOST: host,
    PORT: String(port),
    VALIDATION: options.validation,
    ...launch.env,
    ...command.env,
    ...options.env,
  };
  const child: ResultPromise = execa(command.file, command.args, {
    cwd: launch.cwd,
    env,
    extendEnv: true,
    stdin: 'ignore',
    reject: false,
    cleanup: true,
    buffer: false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.stack}`);
  let stderrText = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderrText.length < 64_000) stderrText += chunk.toString();
  });
  const exited = child.then((r) => ({
    code: r.exitCode ?? null,
    signal: r.signal ?? null,
  }));

  const stop = async (graceMs = 2000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };

  const timeoutMs = options.startTimeoutMs ?? startup?.timeoutMs ?? 15_000;
  try {
    let url: string;
    if (startup === undefined) {
      url = await waitForListening(child.stdout!, exited, timeoutMs, () => stderrText);
      await waitForReady(url, timeoutMs);
    } else {
      child.stdout?.resume();
      url = await waitForAssignedPort(
        `${options.stack} (${[launch.file, ...launch.args].join(' ')})`,
        host,
        port,
        { ...startup, timeoutMs },
        exited,
        () => stderrText,
      );
    }
    return { url, pid, exited, stop, stderr: () => stderrText };
  } catch (error) {
    await stop(500);
    throw error;
  }
}

/** Resolves with the URL of the first `listening on` line; rejects on exit or timeout. */
export function waitForListening(
  stdout: Readable,
  exited: Promise<unknown>,
  timeoutMs: number,
  stderr: () => string,
  what = 'server',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${what} printed no "listening on http://HOST:PORT" line on stdout within ${timeoutMs} ms: every server prints that line once it accepts connections; its stderr: ${stderr().trim().slice(-500) || '(none)'}`,
          ),
        ),
      timeoutMs,
    );
    lines.on('line', (line) => {
      const match = LISTENING.exec(line.trim());
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${what} exited before listening: ${stderr().trim() || '(no output)'}`));
    });
  });
}

/** Polls GET /ready until it answers 200. */
export async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await send(url, { method: 'GET', path: '/ready' }, 2000);
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url}/ready did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}
