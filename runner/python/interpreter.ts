/** The Python interpreter the Python stacks' virtual environments are made from. */
import { execFileSync } from 'node:child_process';
import { CliError, EXIT } from '../exit-codes.js';

/** The oldest Python the Python stacks support. */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

export interface PythonInfo {
  /** What was run: `$STACKBENCH_PYTHON`, else `python3`. */
  command: string;
  /** `sys.executable`. */
  executable: string;
  /** e.g. `3.11.7`. */
  version: string;
}

const INSTALL = `install Python ${MIN_PYTHON.join('.')} or newer with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv), or point STACKBENCH_PYTHON at one`;

/** Whether `version` (x.y.z) is at least `MIN_PYTHON`. */
export function recentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

const probed = new Map<string, PythonInfo>();

/** Finds python3 and checks its version; a CliError (exit 4) says what to install. */
export function findPython(command = process.env.STACKBENCH_PYTHON || 'python3'): PythonInfo {
  const known = probed.get(command);
  if (known !== undefined) return known;
  let out: string;
  try {
    out = execFileSync(
      command,
      ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % tuple(sys.version_info[:3]))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 },
    );
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    const why =
      e.code === 'ENOENT'
        ? `${command} is not installed`
        : `${command} does not run (${(e.stderr ?? String(error)).trim().split('\n').pop()})`;
    throw new CliError(`${why}: the Python stacks need it; ${INSTALL}`, EXIT.MISSING_TOOL);
  }
  const [executable = command, version = ''] = out.trim().split('\n');
  if (!/^\d+\.\d+\.\d+$/.test(version) || !recentEnough(version))
    throw new CliError(
      `${command} is Python ${version || '(unknown version)'}; the Python stacks need ${MIN_PYTHON.join('.')} or newer: ${INSTALL}`,
      EXIT.MISSING_TOOL,
    );
  const info = { command, executable, version };
  probed.set(command, info);
  return info;
}
