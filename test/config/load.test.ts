/**
 * The user config file, read and checked (no server starts): what a good file declares, and
 * for each kind of bad file, the message (file, field path, expected and given) and exit code.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findConfig, loadConfig } from '../../runner/config/load.js';
import { CliError, EXIT } from '../../runner/exit-codes.js';
import { dockerRefuses } from '../../runner/isolation/docker.js';
import { withPort } from '../../runner/servers/assigned-port.js';

const KNOWN = { stacks: ['node-http', 'express'], scenarios: ['json', 'get-product'] };
const SCENARIO = {
  name: 'checkout',
  description: 'GET /cart then POST /checkout',
  sequence: [
    { name: 'cart', method: 'GET', path: '/cart', expect: [200] },
    { name: 'pay', method: 'POST', path: '/checkout', body: { id: 1 }, expect: [201] },
  ],
};

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-config-'));
  await mkdir(join(dir, 'app'));
  await mkdir(join(dir, 'scenarios'));
  await writeFile(join(dir, 'scenarios', 'checkout.json'), JSON.stringify(SCENARIO));
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The CliError loading `text` as a YAML config gives. */
async function failure(text: string, name = 'stackbench.config.yaml'): Promise<CliError> {
  const file = await write(name, text);
  const error = await loadConfig(file, KNOWN).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('a good config file', () => {
  it('declares a stack with the defaults filled in and paths taken from its own folder', async () => {
    const file = await write(
      'stackbench.config.yaml',
      `# my app
stacks:
  - name: my-app
    command: [node, server.js]
    cwd: ./app
scenarios:
  - ./scenarios/checkout.json
`,
    );
    const config = await loadConfig(file, KNOWN);
    expect(config.stacks).toHaveLength(1);
    const stack = config.stacks[0]!;
    expect(stack.name).toBe('my-app');
    expect(stack.label).toBe('my-app');
    expect(stack.validations).toEqual(['native']);
    expect(stack.capabilities).toEqual({ docker: false, catalog: false, busyThreads: 'all' });
    expect(stack.startup).toEqual({ ready: { path: '/ready' }, timeoutMs: 15_000 });
    // Its own folder, whatever project root stackbench passes.
    expect(await stack.command('/somewhere/else')).toEqual({
      file: 'node',
      args: ['server.js'],
      cwd: join(dir, 'app'),
      env: {},
    });
    expect(stack.versions('/x')).toEqual({ 'my-app': 'not declared' });
    expect(config.scenarios.map((s) => s.scenario.name)).toEqual(['checkout']);
    expect(config.scenarios[0]!.file).toBe(join(dir, 'scenarios', 'checkout.json'));
  });

  it('takes JSON too, with every field given', async () => {
    const file = await write(
      'stackbench.config.json',
      JSON.stringify({
        stacks: [
          {
            name: 'py-app',
            label: 'My Flask app',
            command: ['python3', 'app.py', '--port', '{port}'],
            env: { APP_ENV: 'bench', BIND: '{host}:{port}' },
            ready: 'port',
            startTimeout: 40,
            catalog: true,
            validations: ['native', 'off'],
            threads: 'main',
            version: '2.3.1',
            language: 'python',
            docs: 'flask-smorest',
            runtime: 'WSGI, Gunicorn gthread',
            serverConfig: 'Gunicorn, 1 worker, 4 threads',
          },
        ],
      }),
    );
    const stack = (await loadConfig(file, KNOWN)).stacks[0]!;
    expect(stack.label).toBe('My Flask app');
    expect(stack.language).toBe('python');
    expect(stack.capabilities).toEqual({ docker: false, catalog: true, busyThreads: 'main' });
    expect(stack.startup).toEqual({ ready: 'port', timeoutMs: 40_000 });
    expect(stack.versions('/x')).toEqual({ 'py-app': '2.3.1' });
    const launch = withPort(await stack.command('/x'), { host: '127.0.0.1', port: 4123 });
    expect(launch.args).toEqual(['app.py', '--port', '4123']);
    expect(launch.env).toEqual({ APP_ENV: 'bench', BIND: '127.0.0.1:4123' });
    expect(dockerRefuses(stack)).toMatch(
      /My Flask app \(py-app\) cannot run with --isolation docker/,
    );
  });

  it('reads the version from a version command, run in the stack folder', async () => {
    await writeFile(join(dir, 'app', 'VERSION'), '4.5.6\n');
    const file = await write(
      'stackbench.config.yaml',
      `stacks:
  - name: a
    command: [node, a.js]
    cwd: app
    versionCommand: [node, -e, "process.stdout.write(require('fs').readFileSync('VERSION', 'utf8'))"]
  - name: b
    command: [node, b.js]
    versionCommand: [node, -e, "process.exit(3)"]
`,
    );
    const [a, b] = (await loadConfig(file, KNOWN)).stacks;
    expect(a!.versions('/x')).toEqual({ a: '4.5.6' });
    expect(b!.versions('/x').b).toMatch(/^unknown \(node -e process\.exit\(3\) failed: exit 3\)$/);
  });

  it('an empty file declares nothing', async () => {
    const config = await loadConfig(await write('stackbench.config.yaml', ''), KNOWN);
    expect(config.stacks).toEqual([]);
    expect(config.scenarios).toEqual([]);
  });
});

describe('a bad config file: file, field path, expected and given, exit 3', () => {
  it('an unknown field', async () => {
    const error = await failure(
      'stacks:\n  - name: x\n    command: [node, x.js]\n    colour: red\n',
    );
    expect(error.exitCode).toBe(EXIT.BAD_INPUT);
    expect(error.message).toContain(join(dir, 'stackbench.config.yaml'));
    expect(error.message).toMatch(
      /stacks\.0\.colour: unknown field \(expected one of: name, label, command, cwd, env, ready,/,
    );
  });

  it('an unknown top-level field', async () => {
    const error = await failure('stack:\n  - name: x\n');
    expect(error.message).toMatch(
      /\n {2}stack: unknown field \(expected one of: stacks, scenarios\)/,
    );
  });

  it('a missing start command, and a command given as one string', async () => {
    const error = await failure('stacks:\n  - name: x\n  - name: y\n    command: node server.js\n');
    expect(error.message).toContain('stacks.0.command: required (expected array), missing');
    expect(error.message).toContain('stacks.1.command: expected array, got "node server.js"');
  });

  it('a name a built-in stack has, and a name given twice', async () => {
    const error = await failure(
      'stacks:\n  - name: node-http\n    command: [node, a.js]\n  - name: b\n    command: [x]\n  - name: b\n    command: [y]\n',
    );
    expect(error.message).toContain(
      'stacks.0.name: expected a name of your own, got "node-http": a built-in stack has it',
    );
    expect(error.message).toContain('stacks.2.name: expected a unique name, got "b" twice');
  });

  it('a bad ready, a bad validation mode and a folder that does not exist', async () => {
    const error = await failure(
      'stacks:\n  - name: a\n    command: [x]\n    ready: health\n    validations: [strict]\n  - name: b\n    command: [x]\n    cwd: ../nowhere\n',
    );
    expect(error.message).toMatch(/stacks\.0\.ready: .*"\/health".*"port".*got "health"/);
    expect(error.message).toContain(
      'stacks.0.validations.0: expected one of "zod", "off", "native", got "strict"',
    );
    expect(error.message).toContain(
      `stacks.1.cwd: expected a folder, got "../nowhere": ${join(dir, '..', 'nowhere')} does not exist`,
    );
  });

  it('a scenario path that does not exist', async () => {
    const error = await failure('scenarios:\n  - ./scenarios/nope.json\n');
    expect(error.exitCode).toBe(EXIT.BAD_INPUT);
    expect(error.message).toContain(
      `scenarios.0: expected a scenario file, got "./scenarios/nope.json": ${join(dir, 'scenarios', 'nope.json')} not found`,
    );
  });

  it('an invalid scenario file: its own path and problem, under the config field', async () => {
    await writeFile(
      join(dir, 'scenarios', 'broken.json'),
      JSON.stringify({ ...SCENARIO, name: 'broken', sequence: [{ name: 'a', path: '/a' }] }),
    );
    const error = await failure('scenarios: [scenarios/broken.json]\n');
    expect(error.message).toContain(
      `scenarios.0: ${join(dir, 'scenarios', 'broken.json')}: invalid scenario`,
    );
    expect(error.message).toContain('sequence.0.method');
  });

  it('a scenario named like a built-in one', async () => {
    await writeFile(
      join(dir, 'scenarios', 'json.json'),
      JSON.stringify({ ...SCENARIO, name: 'json' }),
    );
    const error = await failure('scenarios: [scenarios/json.json]\n');
    expect(error.message).toMatch(
      /scenarios\.0: expected a scenario name of your own, got "json" .*a built-in scenario has it/,
    );
  });

  it('YAML that does not parse: the line', async () => {
    const error = await failure('stacks:\n  - name: [x\n');
    expect(error.exitCode).toBe(EXIT.BAD_INPUT);
    expect(error.message).toMatch(
      /stackbench\.config\.yaml: not valid YAML: Flow sequence .* at line \d+, column \d+/s,
    );
  });

  it('JSON that does not parse', async () => {
    const error = await failure('{"stacks": [', 'stackbench.config.json');
    expect(error.message).toMatch(/stackbench\.config\.json: not valid JSON: /);
  });

  it('version and versionCommand both', async () => {
    const error = await failure(
      'stacks:\n  - name: a\n    command: [x]\n    version: "1"\n    versionCommand: [git, describe]\n',
    );
    expect(error.message).toContain(
      'stacks.0.versionCommand: give version or versionCommand, not both',
    );
  });
});

describe('finding the config file', () => {
  it('none in the folder: no config; one: that one', async () => {
    expect(findConfig(undefined, dir)).toBeUndefined();
    const file = await write('stackbench.config.yml', 'stacks: []\n');
    expect(findConfig(undefined, dir)).toBe(file);
  });

  it('two in the folder: a usage error naming both', async () => {
    await write('stackbench.config.yaml', '');
    await write('stackbench.config.json', '{}');
    expect(() => findConfig(undefined, dir)).toThrow(
      /found 2 config files in .* \(stackbench\.config\.yaml, stackbench\.config\.json\): keep one, or choose with --config/,
    );
  });

  it('--config naming no file: a usage error (exit 2)', () => {
    let caught: unknown;
    try {
      findConfig('missing.yaml', dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(EXIT.USAGE);
    expect((caught as CliError).message).toBe(
      '--config: expected a config file (YAML or JSON), got "missing.yaml": not found',
    );
  });
});
