/**
 * `stackbench export k6` and `import k6` for real: the exported script run by real k6 against
 * a local node-http server, its summary imported into a results file the reports accept, the
 * k6-operator manifest checked for structure, runner logs merged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackbench } from '../cli.js';
import { k6Path } from '../../runner/drivers/k6.js';
import { toYaml } from '../../runner/export/yaml.js';
import { readResults } from '../../runner/results/io.js';
import { launchServer, type RunningServer } from '../../runner/servers/launch.js';

/** The literal block under `key: |` in a YAML document, de-indented. */
function literalBlock(yaml: string, key: string): string {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`${key}: |`));
  expect(at).toBeGreaterThanOrEqual(0);
  const indent = ' '.repeat(lines[at]!.search(/\S/) + 2);
  const body: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line !== '' && !line.startsWith(indent)) break;
    body.push(line.slice(indent.length));
  }
  while (body.at(-1) === '') body.pop();
  return `${body.join('\n')}\n`;
}

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  expect(await k6Path()).toBeDefined();
  server = await launchServer({ stack: 'node-http', validation: 'zod' });
  dir = await mkdtemp(join(tmpdir(), 'sb-export-'));
});
afterAll(async () => {
  await server?.stop();
});

describe('toYaml', () => {
  it('writes mappings, sequences, quoted scalars and literal blocks', () => {
    expect(
      toYaml({ a: 'x', n: 2, list: [{ name: 'A', value: 'b' }], text: 'one\n  two\n', e: [] }),
    ).toBe('a: "x"\nn: 2\nlist:\n  - name: "A"\n    value: "b"\ntext: |\n  one\n    two\ne: []\n');
  });
});

describe('stackbench export k6 / import k6', () => {
  it('writes a standalone script and a k6-operator TestRun, then imports what k6 measured', async () => {
    const out = join(dir, 'export');
    const exported = await stackbench([
      'export',
      'k6',
      '--scenario',
      'create-product',
      '--target',
      server.url,
      '--parallelism',
      '3',
      '--rate',
      '100',
      '--duration',
      '2',
      '--warmup',
      '0',
      '--slo',
      'p99<2s',
      '--out',
      out,
    ]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const script = await readFile(join(out, 'create-product.k6.js'), 'utf8');
    const yaml = await readFile(join(out, 'create-product.testrun.yaml'), 'utf8');

    // The manifest: a ConfigMap holding exactly the script, and a TestRun running it.
    const [configMap, testRun] = yaml.split(/^---$/m);
    expect(configMap).toContain(
      'apiVersion: "v1"\nkind: "ConfigMap"\nmetadata:\n  name: "stackbench-create-product"\n',
    );
    expect(configMap!.startsWith('apiVersion')).toBe(true);
    expect(literalBlock(configMap!, 'create-product.k6.js')).toBe(script);
    expect(testRun).toMatch(/^\napiVersion: "k6.io\/v1alpha1"\nkind: "TestRun"\n/);
    expect(testRun).toContain(
      [
        'spec:',
        '  parallelism: 3',
        '  script:',
        '    configMap:',
        '      name: "stackbench-create-product"',
        '      file: "create-product.k6.js"',
      ].join('\n'),
    );
    expect(testRun).toContain(`- name: "BASE_URL"\n        value: "${server.url}"`);
    expect(testRun).toContain('- name: "SUMMARY_FILE"\n        value: "/dev/stdout"');

    // The script: open model at the total rate, the SLO as a threshold; k6 accepts it.
    const k6 = (await k6Path())!;
    const inspected = JSON.parse(
      execFileSync(k6, ['inspect', '--execution-requirements', join(out, 'create-product.k6.js')], {
        encoding: 'utf8',
      }),
    ) as { scenarios: Record<string, { executor: string; rate: number }>; thresholds: object };
    expect(inspected.scenarios.measure).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 100,
    });
    expect(inspected.thresholds).toHaveProperty(['http_req_duration{scenario:measure}']);

    // Run it for real, as a user would, against the local server.
    const summary = join(dir, 'summary.json');
    const run = spawnSync(
      k6,
      [
        'run',
        '--quiet',
        '-e',
        `BASE_URL=${server.url}`,
        '-e',
        `SUMMARY_FILE=${summary}`,
        join(out, 'create-product.k6.js'),
      ],
      { env: { ...process.env, K6_NO_USAGE_REPORT: 'true' }, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);

    const imported = await stackbench([
      'import',
      'k6',
      summary,
      '--stack',
      'node-http',
      '--out',
      join(dir, 'import'),
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const results = await readResults(join(dir, 'import', 'results.json'));
    expect(results.manifest.scenarios).toEqual([
      expect.objectContaining({ name: 'create-product' }),
    ]);
    expect(results.manifest.target).toBe(server.url);
    const [trial] = results.trials;
    expect(trial).toMatchObject({
      stack: 'node-http',
      scenario: 'create-product',
      state: 'valid',
      driver: 'k6',
    });
    const m = trial!.metrics!;
    // 100 req/s for 2 s: half creates, half deletes.
    expect(m.requests).toBeGreaterThan(150);
    expect(m.requests).toBeLessThan(260);
    expect(m.statusCounts['201']).toBeGreaterThan(70);
    expect(Math.abs(m.statusCounts['201']! - (m.statusCounts['204'] ?? 0))).toBeLessThanOrEqual(5);
    expect(m.latencyUs.p50).toBeLessThanOrEqual(m.latencyUs.p99);
    expect(results.summary).toEqual([
      expect.objectContaining({ stack: 'node-http', scenario: 'create-product', valid: 1 }),
    ]);

    // Two runner logs of one distributed test (k6 lines, then the summary) merge into one trial.
    const json = await readFile(summary, 'utf8');
    const log = `time="…" level=info msg="starting"\nrunning (02.0s), 000/020 VUs\n${json}\n`;
    await writeFile(join(dir, 'runner-1.log'), log);
    await writeFile(join(dir, 'runner-2.log'), log);
    const merged = await stackbench([
      'import',
      'k6',
      '--merge',
      join(dir, 'runner-1.log'),
      join(dir, 'runner-2.log'),
      '--out',
      join(dir, 'merged'),
    ]);
    expect(merged.code).toBe(0);
    const both = await readResults(join(dir, 'merged', 'results.json'));
    expect(both.trials).toHaveLength(1);
    expect(both.trials[0]!.metrics!.requests).toBe(2 * m.requests);
    expect(both.trials[0]!.flags).toContain('merged-percentiles-upper-bound');
  });

  it('refuses a file that is not a k6 summary', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"hello": 1}');
    const r = await stackbench(['import', 'k6', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not a k6 summary/);
  });
});
