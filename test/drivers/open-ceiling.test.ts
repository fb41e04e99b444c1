/** The open-model ceiling search with scripted steps (orchestration only). */
import { describe, expect, it } from 'vitest';
import {
  judgeStep,
  searchOpenCeiling,
  type OpenCeilingStep,
} from '../../runner/drivers/open-ceiling.js';
import type { Trial } from '../../runner/results/schema.js';
import { DEFAULT_RULES } from '../../runner/run/validity.js';

/** A step that holds below `limitRps` and fails at or above it, its server at `server` %. */
const scripted =
  (limitRps: number, server: number, asked: number[]) =>
  (rps: number): Promise<OpenCeilingStep> => {
    asked.push(rps);
    const ok = rps < limitRps;
    return Promise.resolve({
      rps,
      achievedRps: ok ? rps : limitRps,
      generatorPercent: ok ? 50 : 95,
      serverPercent: server,
      ok,
      ...(!ok && { reason: 'behind schedule' }),
    });
  };

describe('searchOpenCeiling', () => {
  it('steps ×1.2 from the start and keeps the last rate held (the generator failed)', async () => {
    const asked: number[] = [];
    const c = await searchOpenCeiling(1000, scripted(1500, 60, asked), DEFAULT_RULES);
    expect(asked).toEqual([1000, 1200, 1440, 1728]);
    expect(c.heldRps).toBe(1440);
    expect(c.limit).toBe('generator');
  });

  it('calls it the server when the server was saturated at the failed step', async () => {
    const c = await searchOpenCeiling(1000, scripted(1100, 99, []), DEFAULT_RULES);
    expect(c).toMatchObject({ heldRps: 1000, limit: 'server' });
  });

  it('says none when every step held, and nothing held when the first failed', async () => {
    const all = await searchOpenCeiling(100, scripted(1e9, 10, []), DEFAULT_RULES, 1.5, 3);
    expect(all).toMatchObject({ heldRps: 225, limit: 'none' });
    expect(all.steps.map((s) => s.rps)).toEqual([100, 150, 225]);
    const none = await searchOpenCeiling(8, scripted(0, 10, []), DEFAULT_RULES, 2, 8);
    expect(none.heldRps).toBe(0);
    expect(none.steps.map((s) => s.rps)).toEqual([8, 4, 2, 1]);
  });

  it('steps down from a start that is already too fast, to the first rate held', async () => {
    const asked: number[] = [];
    const c = await searchOpenCeiling(12_000, scripted(9000, 80, asked), DEFAULT_RULES);
    expect(asked).toEqual([12_000, 10_000, 8333]);
    expect(c).toMatchObject({ heldRps: 8333, limit: 'generator' });
  });
});

describe('judgeStep', () => {
  const trial = (metrics: Partial<NonNullable<Trial['metrics']>>, state = 'valid'): Trial =>
    ({
      id: 't',
      round: 1,
      order: 1,
      stack: 'node-http',
      scenario: 'json',
      validation: 'zod',
      driver: 'embedded',
      startedAt: '2026-11-30T00:00:00Z',
      flags: [],
      state,
      metrics: {
        requests: 2000,
        durationS: 2,
        rps: 1000,
        latencyUs: { p50: 1, p90: 1, p99: 1, p999: 1, max: 1, mean: 1 },
        cpuUsPerRequest: 50,
        serverCpuPercent: 40,
        rssPeakBytes: 1,
        bytesPerSec: 1,
        errors: 0,
        timeouts: 0,
        statusCounts: { '200': 2000 },
        unexpectedStatuses: 0,
        generatorCpuPercent: 30,
        targetRps: 1000,
        ...metrics,
      },
    }) as Trial;

  it('holds a valid step on schedule with room', () => {
    expect(judgeStep(1000, trial({}), DEFAULT_RULES)).toMatchObject({ ok: true });
  });
  it('fails a step whose generator reached its limit, whatever the trial said', () => {
    const j = judgeStep(1000, trial({ generatorCpuPercent: 92 }), DEFAULT_RULES);
    expect(j.ok).toBe(false);
    expect(j.reason).toMatch(/generator at 92 % of its CPU/);
  });
  it('fails a step that fell short of the rate or was invalid', () => {
    expect(judgeStep(1000, trial({ rps: 900 }), DEFAULT_RULES).reason).toMatch(
      /achieved 900 of 1000/,
    );
    const invalid = { ...trial({}, 'invalid'), reason: '40 of 2000 sends late' } as Trial;
    expect(judgeStep(1000, invalid, DEFAULT_RULES).reason).toMatch(/sends late/);
  });
});
