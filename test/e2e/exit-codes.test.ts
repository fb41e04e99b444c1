/**
 * Every failure a user can cause gets its documented exit code (runner/exit-codes.ts, the
 * README's table) and a message that says what to do, never a stack trace: the real CLI,
 * one row per failure. Failures that need a misbehaving server use a real stack with a
 * test-only preload (NODE_OPTIONS=--import, acting only in server processes); an exhausted
 * port range uses a network namespace whose range holds one, taken, port.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../runner/exit-codes.js';
import { compiledFile } from '../../runner/paths.js';
import { launchServer } from '../../runner/servers/launch.js';
import { SCHEMA_VERSION } from '../../runner/results/schema.js';
import { CLI, type CliResult } from '../cli.js';

let dir = '';
let busy: Server | undefined;
let busyPort = 0;
const FIXTURE = 'test/fixtures/results-small.json';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-exit-'));
  const text = await readFile(FIXTURE, 'utf8');
  await writeFile(join(dir, 'truncated.json'), text.slice(0, Math.floor(text.length / 2)));
  await writeFile(join(dir, 'empty.json'), '');
  const newer = JSON.parse(text) as { schemaVersion: number };
  newer.schemaVersion = SCHEMA_VERSION + 1;
  await writeFile(join(dir, 'newer.json'), JSON.stringify(newer));
  await mkdir(join(dir, 'folder.json'));
  await writeFile(join(dir, 'a-file'), 'in the way');
  busy = createServer();
  await new Promise<void>((r) => busy!.listen(0, '127.0.0.1', r));
  const address = busy.address();
  busyPort = typeof address === 'object' && address !== null ? address.port : 0;
});
afterAll(() => new Promise<void>((r) => (busy ? busy.close(() => r()) : r())));

const run = ['run', '--stack', 'node-http', '--scenario', 'json', '--rounds', '1'];
const short = ['--rounds', '1', '--duration', '1', '--warmup', '0'];

/** This machine's ephemeral port range, read from the OS (not from the code under test). */
const ephemeralPorts = (() => {
  const text = spawnSync('cat', ['/proc/sys/net/ipv4/ip_local_port_range'], { encoding: 'utf8' });
  const [low, high] = text.stdout.trim().split(/\s+/).map(Number);
  return { low: low ?? 0, high: high ?? 0 };
})();

/** A network namespace of our own (unprivileged user namespace) whose port range we may set. */
const NETNS_ONE_PORT = [
  '-rn',
  'sh',
  '-c',
  'ip link set lo up && echo "40000 40000" > /proc/sys/net/ipv4/ip_local_port_range && exec "$0" "$@"',
];
const netns =
  spawnSync('unshare', [...NETNS_ONE_PORT, 'true'], { encoding: 'utf8' }).status === 0
    ? undefined
    : 'unshare -rn (an unprivileged user and network namespace) is not available here';

const preload = (fixture: string) => ({
  NODE_OPTIONS: `--import=${compiledFile(`test/fixtures/${fixture}.js`)}`,
});

interface Case {
  what: string;
  args: () => string[];
  code: number;
  message: RegExp;
  /** Where the message is printed (default stderr). */
  on?: 'stdout' | 'stderr';
  /** Variables added to the CLI's environment. */
  env?: Record<string, string>;
  /** Runs the CLI inside a one-port network namespace (needs unshare). */
  onePortNamespace?: boolean;
}

/** Runs the compiled CLI as a user would (CI=true), with extra env, maybe in the namespace. */
function cli(c: Case): Promise<CliResult> {
  const node = [CLI, ...c.args()];
  const [file, args] = c.onePortNamespace
    ? [
        'unshare',
        [
          ...NETNS_ONE_PORT,
          process.execPath,
          compiledFile('test/fixtures/hold-only-port.js'),
          ...node,
        ],
      ]
    : [process.execPath, node];
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: 120_000, env: { ...process.env, CI: 'true', ...c.env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

const cases: Case[] = [
  {
    what: 'a results file that does not exist',
    args: () => ['report', join(dir, 'missing.json')],
    code: EXIT.BAD_INPUT,
    message: /missing\.json: cannot read: ENOENT \(no such file; a run writes .*results\.json/,
  },
  {
    what: 'a folder given as a results file',
    args: () => ['compare', join(dir, 'folder.json'), FIXTURE],
    code: EXIT.BAD_INPUT,
    message:
      /folder\.json: cannot read: EISDIR \(it is a folder; give the results\.json inside it\)/,
  },
  {
    what: 'a truncated results file',
    args: () => ['report', join(dir, 'truncated.json')],
    code: EXIT.BAD_INPUT,
    message: /truncated\.json: not valid JSON .*truncated or damaged.*copy it again .* or re-run/,
  },
  {
    what: 'an empty results file',
    args: () => ['compare', FIXTURE, join(dir, 'empty.json')],
    code: EXIT.BAD_INPUT,
    message: /empty\.json: the file is empty: it is not a results file/,
  },
  {
    what: 'a results file from a newer schema version',
    args: () => ['report', join(dir, 'newer.json')],
    code: EXIT.BAD_INPUT,
    message: new RegExp(
      `newer\\.json: schemaVersion: expected ${SCHEMA_VERSION}, got ${SCHEMA_VERSION + 1}: written by a newer stackbench; upgrade stackbench`,
    ),
  },
  {
    what: 'an --out folder that is a file',
    args: () => [...run, '--out', join(dir, 'a-file')],
    code: EXIT.USAGE,
    message:
      /--out: cannot write .*a-file \(EEXIST: a file is in the way of the folder\): choose a folder you can write to with --out DIR/,
  },
  {
    what: 'an --out folder that cannot be created',
    args: () => [...run, '--out', join(dir, 'a-file', 'sub')],
    code: EXIT.USAGE,
    message:
      /--out: cannot write .*a-file\/sub \(ENOTDIR: part of the path is a file, not a folder\)/,
  },
  {
    what: 'a port that is taken',
    args: () => ['serve', 'node-http', '--port', String(busyPort)],
    code: EXIT.USAGE,
    message:
      /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE: the port is taken: choose another port \(--port \/ PORT\), or 0 for a free one/,
  },
  {
    what: 'more connections than the ephemeral port range holds',
    args: () => [
      'sweep',
      '--stack',
      'node-http',
      '--scenario',
      'json',
      '--connections',
      String(ephemeralPorts.high - ephemeralPorts.low + 2),
    ],
    code: EXIT.USAGE,
    message: new RegExp(
      `--connections: .*${ephemeralPorts.high - ephemeralPorts.low + 2} connections to one server need as many local ports, but the ephemeral port range \\(net\\.ipv4\\.ip_local_port_range ${ephemeralPorts.low}–${ephemeralPorts.high}\\) holds ${ephemeralPorts.high - ephemeralPorts.low + 1}; widen it with "sudo sysctl -w net\\.ipv4\\.ip_local_port_range='1024 65535'".*or ask for fewer connections`,
    ),
  },
  {
    what: 'a port range exhausted when a server asks for a free port',
    args: () => ['serve', 'node-http', '--port', '0'],
    onePortNamespace: true,
    code: EXIT.USAGE,
    message:
      /cannot listen on 127\.0\.0\.1:0: EADDRINUSE: no free port is left: the local port range is exhausted .*net\.ipv4\.ip_local_port_range\); wait a minute or widen the range/,
  },
  {
    what: 'a server that never prints its listening line',
    args: () => [...run, '--validation', 'off', '--duration', '1', '--warmup', '0'],
    env: preload('mute-listening-line'),
    code: EXIT.FAILED,
    on: 'stdout',
    message:
      /could not start: server printed no "listening on http:\/\/HOST:PORT" line on stdout within 15000 ms: every server prints that line once it accepts connections; its stderr: mute-listening-line: listening on http:\/\/127\.0\.0\.1:\d+, but not telling/,
  },
  {
    what: 'a scenario whose saved field is missing at run time',
    // Without --no-verify the contract check refuses this server first (exit 1): a create
    // answered without `id` breaks the contract. The dry run is what catches it past verify,
    // and what catches a scenario naming a field no answer has.
    args: () => [
      'run',
      '--stack',
      'node-http',
      '--scenario',
      'create-product',
      '--validation',
      'off',
      '--no-verify',
      ...short,
      '--out',
      join(dir, 'saved-missing'),
    ],
    env: preload('lose-created-id'),
    code: EXIT.NO_VALID_RESULT,
    on: 'stdout',
    message:
      /before load: scenario create-product, step "delete": \{created\.id\} has no value: the response saved as "created" held \{"ix":\d+,.*\(fields: ix, sku, title, unit_price, inventory_count, category\); it has no field "id"\. Fix the placeholder in the scenario \(a field that response has\), or the server, whose answer lacks "id"[\s\S]*1 cell\(s\) have no valid trial: node-http\/create-product\/off/,
  },
];

describe('exit codes and messages for the failures a user can cause', () => {
  it.for(cases)('$what → exit $code', { timeout: 150_000 }, async (c, ctx) => {
    if (c.onePortNamespace && netns !== undefined) {
      // CI provides namespaces (it runs as root): there a missing one is a failure, not a skip.
      if (process.env.CI) throw new Error(netns);
      ctx.skip(netns);
    }
    const result = await cli(c);
    expect(result[c.on ?? 'stderr']).toMatch(c.message);
    expect(result.code).toBe(c.code);
    // One line that says what to do: no stack trace, no internal-error banner.
    for (const output of [result.stderr, result.stdout]) {
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toMatch(/internal error/);
    }
  });
});

describe('a server that never prints its listening line', () => {
  it('is stopped after the start timeout, with a message saying what was missing', async () => {
    const started = launchServer({
      stack: 'silent',
      validation: 'zod',
      entry: compiledFile('test/fixtures/silent-server.js'),
      startTimeoutMs: 1500,
    });
    await expect(started).rejects.toThrow(
      /server printed no "listening on http:\/\/HOST:PORT" line on stdout within 1500 ms: every server prints that line once it accepts connections; its stderr: silent-server: up, but not telling/,
    );
  });
});
