/**
 * A stack declared in a user's config file, for real: the compiled CLI starts the user's own
 * servers (a node:http script and Python's http.server, nothing from servers/) on ports it
 * assigns, loads them with the user's scenario, and reports them under their labels; verify
 * starts them and skips the catalog they do not declare; a stack that never gets ready, or
 * exits at once, says so. Load: run under the load lock (README, test/e2e).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runner/config/load.js';
import { EXIT } from '../../runner/exit-codes.js';
import { readResults } from '../../runner/results/io.js';
import { launchServer } from '../../runner/servers/launch.js';
import { registerStack, STACK_NAMES } from '../../servers/stacks.js';
import { send } from '../../runner/verify/http.js';
import { stackbench } from '../cli.js';
import { TWO_STACKS, type UserProject, userProject } from './fixtures.js';

/** Live processes a given stackbench process started (each carries its pid in its env). */
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
        return env.includes(`STACKBENCH_PARENT_PID=${pid}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

let project: UserProject;
let config = '';
beforeAll(async () => {
  project = await userProject();
  config = await project.config(TWO_STACKS);
});

describe('a user stack, run end to end by the real CLI', () => {
  it('measures both user stacks on the user scenario and reports them by their labels', async () => {
    const out = join(project.dir, 'out');
    const { code, stdout, stderr, pid } = await stackbench([
      'run',
      '--config',
      config,
      '--stack',
      'shop,shop-py',
      '--scenario',
      'shop-page',
      '--rounds',
      '1',
      '--windows',
      '1',
      '--duration',
      '0.6',
      '--warmup',
      '0.2',
      '--connections',
      '4',
      '--equal-load',
      'off',
      '--reports',
      'md',
      '--out',
      out,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
    // 5: a cell whose single trial did not saturate its server has no valid trial.
    expect([EXIT.OK, EXIT.NO_VALID_RESULT]).toContain(code);
    expect(stdout).toContain('Verify skipped: shop does not declare the catalog');
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    expect(results.trials.map((t) => t.stack).sort()).toEqual(['shop', 'shop-py']);
    for (const trial of results.trials) {
      expect(trial.validation).toBe('native');
      // Served, every answer the scenario's 200: not crashed, no unexpected status.
      expect(trial.state).not.toBe('crashed');
      expect(trial.state).not.toBe('invalid');
      expect(trial.metrics?.requests).toBeGreaterThan(0);
    }
    const declared = (name: string, label: string, serverConfig = 'not declared') => ({
      name,
      label,
      docs: 'not declared',
      runtime: 'not declared',
      serverConfig,
    });
    expect(results.stacks.filter((s) => s.name.startsWith('shop'))).toEqual([
      declared('shop', 'Shop (node:http)', 'node:http, one process, keep-alive'),
      declared('shop-py', 'Shop (python http.server)'),
      declared('shop-prev', 'Shop (previous release)'),
    ]);
    expect(results.manifest.frameworks.shop).toBe('1.4.2');
    expect(results.manifest.frameworks['shop-py']).toMatch(/^Python 3\.\d+/);
    expect(results.manifest.scenarios.map((s) => s.name)).toEqual(['shop-page']);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| Shop (node:http) ');
    expect(report).toContain('| Shop (python http.server) ');
    // Stopped with SIGTERM and reaped: nothing left behind.
    expect(childrenOf(pid)).toEqual([]);
  }, 120_000);

  it('verify starts each user stack and skips the catalog it does not declare: exit 0', async () => {
    const { code, stdout } = await stackbench([
      'verify',
      '--config',
      config,
      '--stack',
      'shop,shop-py',
    ]);
    expect(stdout).toContain('skipped: shop does not declare the catalog');
    expect(stdout).toContain('skipped: shop-py does not declare the catalog');
    expect(stdout).not.toContain('FAIL');
    expect(code).toBe(EXIT.OK);
  }, 60_000);

  it('a stack that never gets ready, and one that exits at once: verify fails and says why', async () => {
    const p = await userProject();
    const file = await p.config(`stacks:
  - name: no-ready
    command: [node, server.mjs]
    cwd: app
    ready: /ready
    startTimeout: 1.5
  - name: dies
    command: [node, -e, "console.error('cannot open db'); process.exit(3)"]
`);
    const { code, stdout } = await stackbench([
      'verify',
      '--config',
      file,
      '--stack',
      'no-ready,dies',
    ]);
    expect(stdout).toMatch(
      /no-ready \(node server\.mjs\) was not ready within 1500 ms: waited for GET \/ready to answer 2xx on http:\/\/127\.0\.0\.1:\d+ \(PORT=\d+; last: status 404\)/,
    );
    expect(stdout).toMatch(/dies \(node -e .*\) exited before it was ready .*cannot open db/);
    expect(code).toBe(EXIT.FAILED);
  }, 60_000);
});

describe('ab on two declared stacks: an app against its previous release', () => {
  it('measures both in the same rounds as one cell and compares them', async () => {
    const p = await userProject();
    const file = await p.config(TWO_STACKS);
    const out = join(p.dir, 'ab');
    const { code, stdout, stderr } = await stackbench([
      'ab',
      '--config',
      file,
      '--base-stack',
      'shop-prev',
      '--head-stack',
      'shop',
      '--scenario',
      'shop-page',
      '--rounds',
      '2',
      '--duration',
      '0.5',
      '--warmup',
      '0.2',
      '--out',
      out,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toContain('base: stack shop-prev');
    expect(stdout).toContain('head: stack shop');
    // The comparison ran (its cells need saturated trials on both sides, which a loaded host
    // may not give in 2 short rounds: then it compares none, and says so by its counts).
    expect(stdout).toMatch(/\d+ regression\(s\), \d+ improvement\(s\)/);
    // 1 only if the noise happened to look like a regression of an identical app.
    expect([EXIT.OK, EXIT.FAILED]).toContain(code);
    const results = await readResults(join(out, 'results.json'));
    expect(results.trials.map((t) => t.stack).sort()).toEqual([
      'shop@base',
      'shop@base',
      'shop@head',
      'shop@head',
    ]);
    // Each side started from its own checkout: verify once, then one per round.
    const started = (await readFile(join(p.dir, 'started.log'), 'utf8')).trim().split('\n');
    expect(started.filter((d) => d === join(p.dir, 'app-prev'))).toHaveLength(3);
    expect(started.filter((d) => d === join(p.dir, 'app'))).toHaveLength(3);
  }, 120_000);
});

describe('the process isolation runs a user stack by the server contract', () => {
  it('an assigned port, the declared env, and SIGTERM ends it with exit 0', async () => {
    const p = await userProject();
    const file = await p.config(`stacks:
  - name: env-app
    command: [node, server.mjs]
    cwd: app
    ready: /health
    env: { EXTRA: 'port {port}' }
`);
    const loaded = await loadConfig(file, { stacks: STACK_NAMES, scenarios: [] });
    for (const stack of loaded.stacks) registerStack(stack);
    const server = await launchServer({ stack: 'env-app', validation: 'native' });
    try {
      const port = new URL(server.url).port;
      const env = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
      expect(env).toContain(`PORT=${port}`);
      expect(env).toContain('HOST=127.0.0.1');
      expect(env).toContain(`EXTRA=port ${port}`);
      expect(env).toContain('VALIDATION=native');
      expect((await send(server.url, { method: 'GET', path: '/index.html' })).status).toBe(200);
    } finally {
      expect(await server.stop()).toEqual({ code: 0, signal: null });
    }
  });
});
