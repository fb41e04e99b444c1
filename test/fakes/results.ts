/** A results skeleton for tests that run a plan: a fixed manifest, no trials yet. */
import { type PlannedTrial, type Results, SCHEMA_VERSION } from '../../runner/results/schema.js';

export function blankResults(
  plan: PlannedTrial[],
  rounds: number,
  startedAt = '2026-01-02T03:04:05.000Z',
): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: 'test',
    status: 'running',
    startedAt,
    manifest: {
      tool: { version: '0.0.0' },
      node: process.version,
      frameworks: {},
      driver: { name: 'test', version: '0', options: {} },
      host: { os: 'test', kernel: 'test', cpuModel: 'test', cpuCount: 2, memoryBytes: 1 },
      isolation: 'test',
      cpus: { server: '1', load: '0' },
      profile: 'test',
      seed: 9,
      rounds,
      durationS: 1,
      warmupS: 0,
      scenarios: [],
      command: [],
    },
    validityRules: { serverSaturatedPercent: 95, generatorBoundPercent: 90 },
    stacks: [],
    calibration: {},
    plan,
    trials: [],
    summary: [],
  };
}
