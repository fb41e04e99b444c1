/**
 * `ab --base-stack A --head-stack B`: two declared stacks measured as the two versions of one
 * cell — a user's app and its previous release, each declared in the config file with its own
 * checkout as `cwd` — instead of two git refs of stackbench. Same rounds, shuffled together,
 * then the same comparison.
 */
import { findStack, STACK_NAMES } from '../../servers/stacks.js';
import { usageError } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';
import type { PlannedCell } from '../run/plan.js';
import type { Version } from './versions.js';

export interface StackPair {
  base: string;
  head: string;
}

export interface PairFlags {
  base?: string;
  head?: string;
  baseStack?: string;
  headStack?: string;
  stack?: string;
}

/** The pair `--base-stack`/`--head-stack` name, or undefined for git refs (`--base`). */
export function stackPair(flags: PairFlags): StackPair | undefined {
  const pair = flags.baseStack !== undefined || flags.headStack !== undefined;
  if (!pair) {
    if (flags.base === undefined)
      throw usageError(
        '--base: required: a git ref (--base main), or two stacks (--base-stack A --head-stack B)',
      );
    return undefined;
  }
  for (const [flag, value] of [
    ['--base', flags.base],
    ['--head', flags.head],
    ['--stack', flags.stack],
  ] as const)
    if (value !== undefined)
      throw usageError(`${flag} cannot be combined with --base-stack/--head-stack`);
  if (flags.baseStack === undefined || flags.headStack === undefined)
    throw usageError(
      `--base-stack and --head-stack: expected both, got only ${flags.baseStack !== undefined ? '--base-stack' : '--head-stack'}`,
    );
  for (const [flag, name] of [
    ['--base-stack', flags.baseStack],
    ['--head-stack', flags.headStack],
  ] as const)
    if (findStack(name) === undefined)
      throw usageError(`${flag}: expected one of ${STACK_NAMES.join(', ')}, got "${name}"`);
  if (flags.baseStack === flags.headStack)
    throw usageError(
      `--base-stack and --head-stack: expected two different stacks, got "${flags.baseStack}" twice`,
    );
  return { base: flags.baseStack, head: flags.headStack };
}

/** The cells both stacks of the pair can run (the head's modes the base has too). */
export function pairCells(pair: StackPair, cells: readonly PlannedCell[]): PlannedCell[] {
  const base = findStack(pair.base)?.validations ?? [];
  const kept = cells.filter((c) => base.includes(c.validation));
  if (kept.length === 0)
    throw usageError(
      `--base-stack ${pair.base}: it supports none of the validation modes planned for ${pair.head} (${[...new Set(cells.map((c) => c.validation))].join(', ') || 'none'})`,
    );
  return kept;
}

/** Both sides run from this checkout; each stack's declaration says where its code is. */
export function pairVersions(pair: StackPair): [Version, Version] {
  const side = (stack: string): Version => ({
    label: `stack ${stack}`,
    root: PROJECT_ROOT,
    dispose: () => Promise.resolve(),
  });
  return [side(pair.base), side(pair.head)];
}
