/**
 * Shared by the Docker suites: they need a running Docker daemon and FAIL (never skip)
 * without one: CI installs and starts it with scripts/setup-docker.sh.
 */
import { execFileSync } from 'node:child_process';
import { dockerIsolation, ROLE_LABEL } from '../../runner/isolation/docker.js';

export async function requireDocker(): Promise<void> {
  const missing = await dockerIsolation().unavailable();
  if (missing !== undefined)
    throw new Error(
      `The Docker tests need a running Docker daemon (run scripts/setup-docker.sh as root): ${missing}`,
    );
}

export function dockerText(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Labelled stackbench containers (any state) whose owner label starts with `<pid>-`. */
export function containersOf(pid: number): string[] {
  return dockerText([
    'ps',
    '--all',
    '--filter',
    `label=${ROLE_LABEL}`,
    '--format',
    '{{.ID}} {{.Label "org.stackbench.owner"}}',
  ])
    .split('\n')
    .filter((line) => line.split(' ')[1]?.startsWith(`${pid}-`))
    .map((line) => line.split(' ')[0]!);
}
