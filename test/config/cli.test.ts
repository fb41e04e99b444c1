/**
 * `--config` through the real CLI, where no server starts: a config found in the current
 * folder or named, its bad forms (message, exit code, no stack trace), and commands that
 * take no stacks left alone by it.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../runner/exit-codes.js';
import { CLI, type CliResult } from '../cli.js';
import { TWO_STACKS, type UserProject, userProject } from './fixtures.js';

/** The compiled CLI run in `cwd`, as a user in that folder would. */
function stackbenchIn(cwd: string, args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, timeout: 60_000, env: { ...process.env, CI: 'true' } },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

let project: UserProject;
beforeAll(async () => {
  project = await userProject();
  await project.config(TWO_STACKS);
});

describe('a config file in the current folder', () => {
  it('adds its stacks and scenarios to list', async () => {
    const { code, stdout } = await stackbenchIn(project.dir, ['list', '--json']);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as {
      stacks: { name: string; label: string; validations: string[] }[];
      scenarios: { name: string }[];
    };
    expect(listed.stacks.slice(-3)).toEqual([
      { name: 'shop', label: 'Shop (node:http)', validations: ['native'] },
      { name: 'shop-py', label: 'Shop (python http.server)', validations: ['native'] },
      { name: 'shop-prev', label: 'Shop (previous release)', validations: ['native'] },
    ]);
    expect(listed.stacks[0]!.name).toBe('node-http');
    expect(listed.scenarios.map((s) => s.name)).toContain('shop-page');
    expect(listed.scenarios.map((s) => s.name)).toContain('json');
  });

  it('is not read by commands that take no stacks (report)', async () => {
    const broken = await userProject();
    await broken.config('stacks: [ {name: x');
    const fixture = resolve('test/fixtures/results-small.json');
    const { code, stderr } = await stackbenchIn(broken.dir, [
      'report',
      fixture,
      '--format',
      'md',
      '--out',
      join(broken.dir, 'out'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

const bad: { what: string; config: string; args: string[]; code: number; message: RegExp }[] = [
  {
    what: 'an unknown field',
    config: 'stacks:\n  - name: x\n    command: [node, x.js]\n    port: 8080\n',
    args: ['run'],
    code: EXIT.BAD_INPUT,
    message:
      /mine\.yaml: invalid config:\n {2}stacks\.0\.port: unknown field \(expected one of: name, /,
  },
  {
    what: 'a missing start command',
    config: 'stacks:\n  - name: x\n',
    args: ['verify'],
    code: EXIT.BAD_INPUT,
    message: /stacks\.0\.command: required \(expected array\), missing/,
  },
  {
    what: 'the name of a built-in stack',
    config: 'stacks:\n  - name: fastify\n    command: [node, x.js]\n',
    args: ['ab', '--base', 'HEAD'],
    code: EXIT.BAD_INPUT,
    message: /stacks\.0\.name: expected a name of your own, got "fastify": a built-in stack has it/,
  },
  {
    what: 'a scenario path that does not exist',
    config: 'scenarios: [./bench/checkout.json]\n',
    args: ['list'],
    code: EXIT.BAD_INPUT,
    message:
      /scenarios\.0: expected a scenario file, got "\.\/bench\/checkout\.json": .*bench\/checkout\.json not found/,
  },
];

describe('a bad config file: named error, exit code, no stack trace', () => {
  for (const c of bad)
    it(`${c.what} (stackbench ${c.args[0]}: exit ${c.code})`, async () => {
      const p = await userProject();
      const file = await p.config(c.config, 'mine.yaml');
      const { code, stderr, stdout } = await stackbenchIn(p.dir, [...c.args, '--config', file]);
      expect(stderr).toMatch(c.message);
      expect(stderr).toContain(file);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
      expect(code).toBe(c.code);
    });

  it('--config naming no file: exit 2', async () => {
    const { code, stderr } = await stackbenchIn(project.dir, [
      'serve',
      'x',
      '--config',
      'nope.yaml',
    ]);
    expect(stderr).toContain(
      '--config: expected a config file (YAML or JSON), got "nope.yaml": not found',
    );
    expect(code).toBe(EXIT.USAGE);
  });

  it('a user stack under --isolation docker: refused before anything runs, exit 2', async () => {
    // ab checks its stacks before its tools (run cleans up first, so needs a docker daemon).
    const { code, stderr } = await stackbenchIn(project.dir, [
      'ab',
      '--base-stack',
      'shop-prev',
      '--head-stack',
      'shop',
      '--isolation',
      'docker',
    ]);
    expect(stderr).toContain(
      '--isolation docker: Shop (previous release) (shop-prev) cannot run with --isolation docker',
    );
    expect(code).toBe(EXIT.USAGE);
  });
});
