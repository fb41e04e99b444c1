/**
 * Every failure a user can cause gets its documented exit code (runner/exit-codes.ts, the
 * README's table) and a message that says what to do, never a stack trace: the real CLI,
 * one row per failure.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../runner/exit-codes.js';
import { compiledFile } from '../../runner/paths.js';
import { launchServer } from '../../runner/servers/launch.js';
import { SCHEMA_VERSION } from '../../runner/results/schema.js';
import { stackbench } from '../cli.js';

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

const cases: {
  what: string;
  args: () => string[];
  code: number;
  message: RegExp;
}[] = [
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
];

describe('exit codes and messages for the failures a user can cause', () => {
  it.each(cases)('$what → exit $code', async ({ args, code, message }) => {
    const result = await stackbench(args(), 60_000);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(code);
    // One line that says what to do: no stack trace, no internal-error banner.
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/internal error/);
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
