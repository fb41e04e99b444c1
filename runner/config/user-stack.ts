/**
 * A stack declared in a user's config file, as a launch spec like ours: its command (any
 * language) from its own folder, a port stackbench assigns, its declared readiness; it is
 * never in the servers image, and it serves the catalog only when it says so.
 */
import { execFileSync } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import type { StackSpec } from '../../servers/stacks.js';
import type { UserStack } from './schema.js';

/** What a version command printed (first line), or why it gave nothing. */
function commandVersion(argv: readonly string[], cwd: string): string {
  try {
    const out = execFileSync(argv[0]!, argv.slice(1), {
      cwd,
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.trim().split('\n')[0] || 'unknown (the version command printed nothing)';
  } catch (error) {
    const e = error as { code?: string; stderr?: string; status?: number };
    const why = e.code ?? (e.stderr?.trim().split('\n')[0] || `exit ${e.status ?? '?'}`);
    return `unknown (${argv.join(' ')} failed: ${why})`;
  }
}

/** `declared`, whose relative paths are taken from `configDir`, as a stack spec. */
export function userStack(declared: UserStack, configDir: string): StackSpec {
  const cwd = isAbsolute(declared.cwd) ? declared.cwd : resolve(configDir, declared.cwd);
  const [file, ...args] = declared.command as [string, ...string[]];
  return {
    name: declared.name,
    label: declared.label ?? declared.name,
    language: declared.language,
    validations: declared.validations,
    docs: declared.docs,
    runtime: declared.runtime,
    serverConfig: declared.serverConfig,
    capabilities: { docker: false, catalog: declared.catalog, busyThreads: declared.threads },
    startup: {
      ready: declared.ready === 'port' ? 'port' : { path: declared.ready },
      timeoutMs: declared.startTimeout * 1000,
    },
    // Its own folder, whatever stackbench checkout runs it (`root` is stackbench's).
    command: () => Promise.resolve({ file, args, cwd, env: declared.env }),
    versions: () => ({
      [declared.name]:
        declared.version ??
        (declared.versionCommand !== undefined
          ? commandVersion(declared.versionCommand, cwd)
          : 'not declared'),
    }),
  };
}
