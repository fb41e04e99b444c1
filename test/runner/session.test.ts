/**
 * The measuring session's own parts: run ids, the folder and results.json it opens, Ctrl-C
 * turned into `interrupted` and exit 130, the capability checks with their usage errors, and
 * the settings `--resume` restores. No server, no load (the fake driver and isolation only).
 */
import { mkdtemp, readFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autocannonDriver } from '../../runner/drivers/autocannon.js';
import { k6Driver } from '../../runner/drivers/k6.js';
import { wrkDriver } from '../../runner/drivers/wrk.js';
import { AbortedError, CliError, EXIT } from '../../runner/exit-codes.js';
import { dockerIsolation } from '../../runner/isolation/docker.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { readResults } from '../../runner/results/io.js';
import { DEFAULT_SEED, DEFAULT_TIMEOUT_S, parseLoadFlags } from '../../runner/run/load-flags.js';
import {
  checkCapabilities,
  restoredSettings,
  runId,
  Session,
  storedSettings,
} from '../../runner/run/session.js';
import { blankResults } from '../fakes/results.js';
import { fakeRun } from '../fakes/fake-run.js';

const usage = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.USAGE);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('run ids', () => {
  it('have one format, with the command as prefix', () => {
    const at = new Date('2026-11-30T09:42:49.123Z');
    expect(runId(at)).toBe('20261130-094249Z');
    expect(runId(at, 'drivers')).toBe('drivers-20261130-094249Z');
  });
});

describe('checkCapabilities', () => {
  it('refuses the open model on a closed-model driver, naming the flag and the drivers that have it', () => {
    const message = usage(() =>
      checkCapabilities(wrkDriver, processIsolation, { openModel: '--rate' }),
    );
    expect(message).toBe(
      '--rate needs a driver with the open model; --driver wrk has none (drivers with it: k6, embedded)',
    );
    expect(() =>
      checkCapabilities(k6Driver, processIsolation, { openModel: '--rate' }),
    ).not.toThrow();
  });

  it('refuses a pipelined scenario on a driver that cannot pipeline, and allows depth 1', () => {
    const pipelining = { depth: 4, by: 'scenario x (load.pipelining)' };
    expect(usage(() => checkCapabilities(k6Driver, processIsolation, { pipelining }))).toMatch(
      /^scenario x \(load.pipelining\) pipelines 4 requests per connection; --driver k6 cannot pipeline \(drivers that can: autocannon, embedded, autocannon-cli\)/,
    );
    expect(() =>
      checkCapabilities(autocannonDriver, processIsolation, { pipelining }),
    ).not.toThrow();
    expect(() =>
      checkCapabilities(k6Driver, processIsolation, { pipelining: { depth: 1, by: 'x' } }),
    ).not.toThrow();
  });

  it("refuses another checkout's servers on an isolation that cannot run them", () => {
    expect(
      usage(() => checkCapabilities(autocannonDriver, dockerIsolation(), { customEntry: 'ab' })),
    ).toBe(
      "ab needs an isolation that runs another checkout's servers; --isolation docker cannot (isolations that can: process)",
    );
  });
});

describe('shared load flags', () => {
  it('have one set of defaults and one range whatever the command', () => {
    const fallback = { durationS: 2, warmupS: 1, connections: 32 };
    const s = parseLoadFlags({}, fallback);
    expect(s).toMatchObject({ ...fallback, timeoutS: 10, seed: 1 });
    expect(DEFAULT_TIMEOUT_S).toBe(10);
    expect(DEFAULT_SEED).toBe(1);
    expect(parseLoadFlags({ timeout: '0.1' }, fallback).timeoutS).toBe(0.1);
    expect(usage(() => parseLoadFlags({ timeout: '0.05' }, fallback))).toBe(
      '--timeout: expected seconds from 0.1 to 600, got "0.05"',
    );
  });
});

describe('restoredSettings (--resume)', () => {
  it('returns the exact stored settings, not the rounded ones the manifest describes', () => {
    const results = blankResults([], 1);
    results.manifest.driver = {
      name: 'wrk',
      version: '4',
      options: { connections: 8, timeoutS: 1 },
    };
    const settings = {
      durationS: 0.5,
      warmupS: 0,
      connections: 8,
      timeoutS: 0.3,
      seed: 7,
      serverCpus: '1',
      loadCpus: '0',
    };
    results.settings = storedSettings(wrkDriver, processIsolation, settings);
    expect(restoredSettings(results)).toEqual({
      names: { driver: 'wrk', isolation: 'process' },
      settings,
    });
  });

  it('rebuilds a file written before `settings` from its manifest', () => {
    const results = blankResults([], 1);
    results.manifest.driver = {
      name: 'autocannon',
      version: '8',
      options: { connections: 16, timeoutS: 5 },
    };
    expect(restoredSettings(results)).toEqual({
      names: { driver: 'autocannon', isolation: 'test' },
      settings: {
        durationS: 1,
        warmupS: 0,
        windows: 1,
        connections: 16,
        timeoutS: 5,
        seed: 9,
        serverCpus: '1',
        loadCpus: '0',
      },
    });
  });
});

describe('Session', () => {
  it('opens a folder with results.json written before any trial, and finishes it completed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-session-'));
    const out = join(root, 'run');
    const session = await Session.open({
      kind: 'test',
      out,
      create: async (id, started) => ({
        ...blankResults([], 1, started.toISOString()),
        runId: id,
      }),
    });
    expect(session.file).toBe(join(out, 'results.json'));
    const opened = await readResults(session.file);
    expect(opened.status).toBe('running');
    expect(opened.runId).toMatch(/^test-\d{8}-\d{6}Z$/);
    await session.measure(async () => {});
    const done = await session.finish();
    expect(done.status).toBe('completed');
    expect(done.finishedAt).toBeDefined();
    expect(JSON.parse(await readFile(session.file, 'utf8')).status).toBe('completed');
    expect(session.exitCode(true)).toBe(EXIT.OK);
    expect(session.exitCode(false)).toBe(EXIT.NO_VALID_RESULT);
  });

  it('points results/latest at the folder when asked and no --out was given', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-session-'));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const session = await Session.open({
        latest: true,
        create: async (id) => ({ ...blankResults([], 1), runId: id }),
      });
      await session.measure(async () => {});
      await session.finish();
      expect(await readlink(join(root, 'results', 'latest'))).toBe(session.results.runId);
    } finally {
      process.chdir(cwd);
    }
  });

  it('turns Ctrl-C during a trial into status interrupted and exit 130, keeping what was saved', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-session-'));
    const listeners = process.listenerCount('SIGINT');
    const session = await Session.open({
      out,
      create: async (id) => ({ ...blankResults([], 1), runId: id }),
    });
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
    const fake = fakeRun({ beforeRun: () => void process.emit('SIGINT') });
    const { loadScenarios } = await import('../../runner/scenarios/load.js');
    const scenario = (await loadScenarios()).get('json')!;
    let thrown: unknown;
    await session.measure(async () => {
      try {
        await session.trial(
          { isolation: fake.isolation, driver: fake.driver },
          {
            id: 't',
            round: 1,
            order: 1,
            server: { stack: 'node-http', validation: 'zod' },
            job: {
              scenario,
              connections: 1,
              pipelining: 1,
              warmupS: 0,
              durationS: 1,
              timeoutS: 1,
              seed: 1,
            },
          },
        );
      } catch (error) {
        thrown = error;
        throw error;
      }
    });
    expect(thrown).toBeInstanceOf(AbortedError);
    expect(fake.calls.live).toBe(0);
    const results = await session.finish();
    expect(results.status).toBe('interrupted');
    expect(results.finishedAt).toBeUndefined();
    expect(session.exitCode(true)).toBe(EXIT.INTERRUPTED);
    expect((await readResults(session.file)).status).toBe('interrupted');
    // The session's handler is gone once it has measured.
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});
