/** The manifest (docs/design.md §5): everything that shapes a result, so comparisons can refuse mismatches. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { STACKS } from '../../servers/stacks.js';
import { PROJECT_ROOT } from '../paths.js';
import type { Manifest } from '../results/schema.js';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(text)?.[1] ?? type();
  } catch {
    return type();
  }
}

export function toolVersion(): string {
  return (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

export type ManifestInput = Omit<
  Manifest,
  'tool' | 'lockfileHash' | 'node' | 'frameworks' | 'host'
>;

export function buildManifest(input: ManifestInput): Manifest {
  let lockfileHash: string | undefined;
  try {
    lockfileHash = createHash('sha256')
      .update(readFileSync(join(PROJECT_ROOT, 'package-lock.json')))
      .digest('hex')
      .slice(0, 16);
  } catch {
    lockfileHash = undefined;
  }
  const commit = git(['rev-parse', 'HEAD']);
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  // Every stack's versions, as its declaration reads them (node_modules, the Python lock file).
  const frameworks: Record<string, string> = {};
  for (const stack of STACKS) Object.assign(frameworks, stack.versions(PROJECT_ROOT));
  return {
    tool: { version: toolVersion(), ...(commit !== undefined && { commit, dirty: status !== '' }) },
    ...(lockfileHash !== undefined && { lockfileHash }),
    node: process.version,
    frameworks,
    host: {
      os: osName(),
      kernel: release(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cpuCount: cpus().length,
      memoryBytes: totalmem(),
    },
    ...input,
  };
}
