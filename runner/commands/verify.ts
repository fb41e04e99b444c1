/**
 * `stackbench verify`: the contract checks against freshly started stacks (or a running URL),
 * a pass/fail table per stack, the first failing request of each failure, and the first
 * request on which a stack answers differently from node-http.
 */
import type { Command } from 'commander';
import { VALIDATION_MODES } from '../../servers/contract/schemas.js';
import { BASELINE_STACK } from '../../servers/stacks.js';
import { CliError, EXIT } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';
import { baselineMode, differenceFromBaseline } from '../verify/baseline.js';
import { parseList, parseStacks, parseUrl } from '../options.js';
import pc from 'picocolors';
import Table from 'cli-table3';
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { findStack } from '../../servers/stacks.js';
import { launchServer, prepareStack } from '../servers/launch.js';
import { type CheckRun, runChecks } from '../verify/run-checks.js';

export interface VerifyTarget {
  stack: string;
  validation: ValidationMode;
  /** The project whose version of the stack runs (`ab`). @default PROJECT_ROOT */
  root?: string;
}

export interface VerifyResult extends VerifyTarget {
  run?: CheckRun;
  /** Why the checks could not run (server failed to start). */
  error?: string;
  /** The first request answered differently from node-http in the same mode. */
  differs?: string;
  /** Why the checks were not run (a stack that does not declare the catalog); ok stays true. */
  skipped?: string;
  ok: boolean;
}

const skippedWhy = (stack: string) =>
  `skipped: ${stack} does not declare the catalog (it started and was ready; no contract checks)`;

/** Runs the checks for each (stack, validation) target; a `url` checks that server instead. */
export async function verifyStacks(targets: VerifyTarget[], url?: string): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  // The catalog checks only where the stack declares the catalog (a user's own app need not):
  // such a stack is only started, so a bad command or readiness shows before any load.
  const declaresCatalog = (t: VerifyTarget) =>
    url !== undefined || (findStack(t.stack)?.capabilities.catalog ?? true);
  // Setups first (a Python environment on first use): a machine that cannot do them is a
  // missing tool (exit 4), not a contract failure.
  if (url === undefined)
    for (const target of targets) {
      const stack = findStack(target.stack);
      if (stack !== undefined) await prepareStack(stack, target.root ?? PROJECT_ROOT);
    }
  for (const target of targets) {
    if (url !== undefined) {
      const run = await runChecks(url, target.validation);
      results.push({ ...target, run, ok: run.outcomes.every((o) => o.ok) });
      continue;
    }
    let server;
    try {
      server = await launchServer({
        stack: target.stack,
        validation: target.validation,
        root: target.root,
      });
    } catch (error) {
      results.push({ ...target, error: (error as Error).message, ok: false });
      continue;
    }
    if (!declaresCatalog(target)) {
      await server.stop();
      results.push({ ...target, skipped: skippedWhy(target.stack), ok: true });
      continue;
    }
    try {
      const run = await runChecks(server.url, target.validation);
      results.push({ ...target, run, ok: run.outcomes.every((o) => o.ok) });
    } finally {
      await server.stop();
    }
  }
  // Stacks must answer alike: compare each with node-http (in the same mode, or zod for native).
  for (const result of results) {
    const mode = baselineMode(result.validation);
    const baseline = results.find((r) => r.stack === BASELINE_STACK && r.validation === mode);
    if (baseline?.run === undefined || result.run === undefined || result === baseline) continue;
    const diff = differenceFromBaseline(
      baseline.run.exchanges,
      result.run.exchanges,
      result.validation,
    );
    if (diff !== undefined) {
      const req = diff.b?.request ?? diff.a?.request ?? '?';
      const said = (e?: { status: number; body: string }) =>
        e === undefined ? 'nothing' : `${e.status} ${e.body.slice(0, 120)}`;
      result.differs = `${req}: ${BASELINE_STACK} (${mode}) answered ${said(diff.a)}, ${result.stack} ${said(diff.b)}`;
      result.ok = false;
    }
  }
  return results;
}

/**
 * Verify before measure (docs/design.md §1): every target passes the contract, or the command
 * stops with exit 1 after printing the table.
 */
export async function verifyBeforeMeasure(targets: VerifyTarget[], refusal: string): Promise<void> {
  const verified = await verifyStacks(targets);
  for (const skipped of new Set(verified.flatMap((v) => v.skipped ?? [])))
    console.log(pc.yellow(`Verify ${skipped}`));
  if (verified.some((v) => !v.ok)) {
    printVerify(verified);
    throw new CliError(refusal, EXIT.FAILED);
  }
}

export function printVerify(results: VerifyResult[]): void {
  const table = new Table({
    head: ['stack', 'validation', 'checks', 'result'],
    style: { head: [], border: [] },
  });
  for (const r of results) {
    const passed = r.run?.outcomes.filter((o) => o.ok).length ?? 0;
    const total = r.run?.outcomes.length ?? 0;
    const label = findStack(r.stack)?.label ?? r.stack;
    table.push([
      label,
      r.validation,
      r.run ? `${passed}/${total}` : '—',
      r.skipped !== undefined ? pc.yellow('skipped') : r.ok ? pc.green('pass') : pc.red('FAIL'),
    ]);
  }
  console.log(table.toString());
  for (const skipped of new Set(results.flatMap((r) => r.skipped ?? [])))
    console.log(pc.yellow(skipped));
  for (const r of results.filter((x) => !x.ok)) {
    console.log(pc.red(`\n${r.stack} (validation ${r.validation}):`));
    if (r.error !== undefined) console.log(`  could not start: ${r.error}`);
    const failed = r.run?.outcomes.filter((o) => !o.ok) ?? [];
    for (const outcome of failed.slice(0, 5)) {
      console.log(
        `  ✗ ${outcome.name}\n    ${outcome.failure?.request}\n    ${outcome.failure?.problems.join('\n    ')}`,
      );
    }
    if (failed.length > 5) console.log(`  … and ${failed.length - 5} more failing checks`);
    if (r.differs !== undefined) console.log(`  differs from ${BASELINE_STACK} at ${r.differs}`);
  }
}
export function register(program: Command): void {
  program
    .command('verify')
    .description('run the contract checks against fresh servers (or --target) and compare stacks')
    .option('--stack <list>', 'comma-separated stacks (default: all)')
    .option('--validation <list>', 'comma-separated modes (default: every mode each stack has)')
    .option('--target <url>', 'check a server already running at this URL instead')
    .action(async (options: { stack?: string; validation?: string; target?: string }) => {
      const stacks = parseStacks(options.stack);
      const modes = options.validation
        ? parseList('--validation', options.validation, VALIDATION_MODES)
        : undefined;
      const url = options.target === undefined ? undefined : parseUrl('--target', options.target);
      const targets =
        url !== undefined
          ? (modes ?? ['zod']).map((validation) => ({ stack: 'target', validation }))
          : stacks.flatMap((s) =>
              (s.validations as readonly ValidationMode[])
                .filter((v) => modes === undefined || modes.includes(v))
                .map((validation) => ({ stack: s.name, validation })),
            );
      const results = await verifyStacks(targets, url);
      printVerify(results);
      process.exitCode = results.every((r) => r.ok) ? EXIT.OK : EXIT.FAILED;
    });
}
