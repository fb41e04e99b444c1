/**
 * The two versions `ab` measures: the working tree, or a git ref checked out in a
 * temporary worktree, installed and built there (its own `npm run build`). A version is a
 * project root; each stack's declaration says how to start it from there.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';

const exec = promisify(execFile);

export interface Version {
  /** What the user named: a ref, or "working tree". */
  label: string;
  commit?: string;
  /** The project root of this version: stacks start from here. */
  root: string;
  dispose(): Promise<void>;
}

async function git(args: string[], cwd = PROJECT_ROOT): Promise<string> {
  try {
    return (await exec('git', args, { cwd, maxBuffer: 16 << 20 })).stdout.trim();
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new CliError('git is not installed (apt-get install git)', EXIT.MISSING_TOOL);
    throw new CliError(
      `git ${args.join(' ')} failed: ${e.stderr?.trim() ?? String(error)}`,
      EXIT.FAILED,
    );
  }
}

async function build(root: string): Promise<void> {
  try {
    await exec('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || String(error);
    throw new CliError(
      `building ${root} failed:\n${out.split('\n').slice(0, 15).join('\n')}`,
      EXIT.FAILED,
    );
  }
}

/** The working tree as it is now, freshly compiled. */
export async function workingTree(): Promise<Version> {
  await build(PROJECT_ROOT);
  return {
    label: 'working tree',
    root: PROJECT_ROOT,
    dispose: async () => {},
  };
}

/** `ref` checked out in a temporary worktree, its dependencies installed, compiled. */
export async function gitRef(ref: string, name: string): Promise<Version> {
  let commit: string;
  try {
    commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw usageError(`--${name}: "${ref}" is not a commit in ${PROJECT_ROOT}`);
  }
  if (commit === '') throw usageError(`--${name}: "${ref}" is not a commit in ${PROJECT_ROOT}`);
  const parent = await mkdtemp(join(tmpdir(), `stackbench-${name}-`));
  const root = join(parent, 'tree');
  await git(['worktree', 'add', '--detach', root, commit]);
  const dispose = async () => {
    await git(['worktree', 'remove', '--force', root]).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
  };
  try {
    const lock = (dir: string) =>
      existsSync(join(dir, 'package-lock.json'))
        ? readFileSync(join(dir, 'package-lock.json'), 'utf8')
        : '';
    if (lock(root) === lock(PROJECT_ROOT)) {
      // Same dependencies: share ours instead of installing them again.
      await symlink(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    } else {
      await exec('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: root,
        maxBuffer: 64 << 20,
      });
    }
    await build(root);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { label: ref, commit, root, dispose };
}
