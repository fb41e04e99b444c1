/**
 * The Python stacks' virtual environment: created once per (lock file, Python version) in the
 * user's cache (`$XDG_CACHE_HOME/stackbench/python-<hash>/`, or `$STACKBENCH_CACHE_DIR`), with
 * every package installed from the lock file by `pip --require-hashes`. Idempotent: a ready
 * environment is reused at once; concurrent stackbench processes wait for the one building it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { CliError, EXIT } from '../exit-codes.js';
import { tethered } from '../process/tethered.js';
import { findPython, type PythonInfo } from './interpreter.js';
import { lockFile, parsePins } from './lock.js';

/** Written last, so its presence means the environment is complete. */
const READY = 'stackbench-ready.json';

/** Where stackbench keeps what it builds once per machine. */
export function cacheDir(): string {
  const own = process.env.STACKBENCH_CACHE_DIR;
  if (own) return own;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg ? xdg : join(homedir(), '.cache'), 'stackbench');
}

function readLock(root: string): Buffer {
  const file = lockFile(root);
  try {
    return readFileSync(file);
  } catch {
    throw new CliError(
      `${file} is missing: it pins the Python stacks' dependencies`,
      EXIT.BAD_INPUT,
    );
  }
}

/** The environment's folder for the lock file in `root` and this Python. */
export function venvDir(root: string, python: PythonInfo = findPython()): string {
  const key = createHash('sha256')
    .update(readLock(root))
    .update(`\0python ${python.version}`)
    .digest('hex')
    .slice(0, 16);
  return join(cacheDir(), `python-${key}`);
}

/** The environment's interpreter. */
export const venvPython = (dir: string): string => join(dir, 'bin', 'python');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
};

/** Runs `work` holding `<dir>.lock` (a folder: mkdir is atomic); a dead holder's lock is taken over. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
      if (Number.isInteger(holder) && !alive(holder)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new CliError(`${lock} is held by process ${holder} for too long`, EXIT.FAILED);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function runStep(
  file: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<{ ok: boolean; output: string }> {
  const command = tethered(file, args);
  const child = execa(command.file, command.args, {
    reject: false,
    all: true,
    stdin: 'ignore',
    buffer: false,
    cleanup: true,
    env: { ...command.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' },
  });
  const tail: string[] = [];
  createInterface({ input: child.all! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    onLine(line);
  });
  const result = await child;
  return { ok: result.exitCode === 0, output: tail.join('\n') };
}

/**
 * Makes the environment for the project at `root` ready and returns its folder. Progress goes
 * to `log`, one line per step and per package pip collects.
 */
export async function ensureVenv(root: string, log: (line: string) => void): Promise<string> {
  const python = findPython();
  const dir = venvDir(root, python);
  if (existsSync(join(dir, READY))) return dir;
  const lock = lockFile(root);
  const pins = parsePins(readLock(root).toString('utf8'));
  await mkdir(dirname(dir), { recursive: true });
  await withLock(dir, async () => {
    if (existsSync(join(dir, READY))) return;
    const started = Date.now();
    log(`python: creating a virtual environment in ${dir} (Python ${python.version})…`);
    await rm(dir, { recursive: true, force: true });
    const venv = await runStep(python.command, ['-m', 'venv', dir], () => undefined);
    if (!venv.ok) {
      await rm(dir, { recursive: true, force: true });
      throw new CliError(
        `${python.command} -m venv failed (${venv.output.trim().split('\n').pop() ?? 'no output'}): install the venv module (Debian/Ubuntu: apt-get install python3-venv)`,
        EXIT.MISSING_TOOL,
      );
    }
    log(
      `python: installing ${pins.size} pinned packages from ${relative(root, lock)} (pip --require-hashes)…`,
    );
    let collected = 0;
    const pip = await runStep(
      venvPython(dir),
      ['-m', 'pip', 'install', '--require-hashes', '--progress-bar', 'off', '-r', lock],
      (line) => {
        const match = /^Collecting (\S+)/.exec(line);
        if (match?.[1] !== undefined) log(`python:   [${++collected}/${pins.size}] ${match[1]}`);
      },
    );
    if (!pip.ok) {
      await rm(dir, { recursive: true, force: true });
      throw new CliError(
        `pip could not install ${lock} (PyPI unreachable, or a hash mismatch):\n${pip.output}`,
        EXIT.MISSING_TOOL,
      );
    }
    await writeFile(
      join(dir, READY),
      `${JSON.stringify({ python: python.version, packages: Object.fromEntries(pins), createdAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`python: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  });
  return dir;
}
