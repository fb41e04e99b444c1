/**
 * Shared plumbing for drivers that run an external load tool (wrk, k6): finding the binary,
 * running it pinned with taskset in its own process group (so an abort kills all of it), and
 * the number of cores it may use.
 */
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { expandCpuList } from '../options.js';
import { tethered } from '../process/tethered.js';

/** The first executable `name` on PATH, or in one of `extra` folders; undefined if none. */
export async function findExecutable(
  name: string,
  extra: string[] = [],
): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extra].filter((d) => d !== '');
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a command to completion and returns its stdout (rejects on failure). */
export function capture(file: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${file} ${args.join(' ')}: ${stdout}${stderr || error.message}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

/** How many CPUs the generator may run on: the pinned list, else the whole machine. */
export const coresOf = (cpus: string | undefined): number =>
  cpus === undefined ? availableParallelism() : Math.max(1, expandCpuList(cpus).length);

export interface ToolRun {
  pid: number;
  /** Resolves with exit code, stdout and stderr when the tool exits. */
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  /** Kills the tool's whole process group. */
  kill(): void;
  onStderrLine(listener: (line: string) => void): void;
}

/**
 * Starts `file args` (under `taskset -c cpus` when pinned: taskset execs the tool, so the pid
 * is the tool's own and /proc/<pid> is its CPU) in a new process group, tethered to this
 * process (it dies with it, see runner/process/tethered.ts).
 */
export function startTool(
  file: string,
  args: string[],
  cpus: string | undefined,
  env?: Record<string, string>,
): ToolRun {
  const command = tethered(file, args, { cpus });
  const child = spawn(command.file, command.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...env, ...command.env },
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const listeners: ((line: string) => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout.length < 4_000_000) stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (stderr.length < 200_000) stderr += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const l of listeners) l(line);
  });
  const done = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const kill = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  return { pid: child.pid, done, kill, onStderrLine: (l) => listeners.push(l) };
}
