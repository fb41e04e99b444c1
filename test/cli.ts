/** Runs the compiled `stackbench` CLI as a user would, with CI=true (no progress bar). */
import { execFile } from 'node:child_process';
import { compiledFile } from '../runner/paths.js';

export const CLI = compiledFile('runner/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The CLI process's pid (its servers carry it as STACKBENCH_PARENT_PID). */
  pid?: number;
}

export function stackbench(args: string[], timeoutMs = 170_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { timeout: timeoutMs, env: { ...process.env, CI: 'true' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? -1) : 0,
          stdout,
          stderr,
          pid: child.pid,
        }),
    );
  });
}
