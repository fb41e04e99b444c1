/** Calibrations a run starts with: the generator ceiling, and (docker) the container overhead. */
import pc from 'picocolors';
import { BASELINE_STACK, STACKS } from '../../servers/stacks.js';
import type { LoadDriver } from '../drivers/driver.js';
import type { Isolation } from '../isolation/isolation.js';
import { ISOLATIONS } from '../isolation/index.js';
import type { Results } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { measureContainerOverhead } from './container-overhead.js';
import { jobFor, type RunSettings } from './orchestrate.js';
import { runTrial } from './trial.js';

/** The generator ceiling: the driver alone against the baseline stack's cheapest route. */
export async function calibrateGenerator(
  results: Results,
  settings: RunSettings,
  driver: LoadDriver,
  isolation: Isolation,
  loaded: Map<string, LoadedScenario>,
  signal: AbortSignal,
): Promise<void> {
  const scenario = loaded.get('json');
  if (scenario === undefined || !STACKS.some((s) => s.name === BASELINE_STACK)) return;
  console.log(`Calibrating: ${driver.name} against ${BASELINE_STACK} /json…`);
  const trial = await runTrial(
    { isolation, driver, signal },
    {
      id: 'calibration',
      round: 1,
      order: 1,
      server: { stack: BASELINE_STACK, validation: 'zod', cpus: settings.serverCpus },
      job: {
        ...jobFor(scenario, settings),
        warmupS: Math.min(1, settings.warmupS),
        durationS: Math.min(3, settings.durationS),
        seed: settings.seed,
        // A ceiling is what the driver can produce flat out: always the closed model.
        rate: undefined,
      },
    },
  );
  if (trial.metrics !== undefined) {
    results.calibration.generatorCeiling = {
      rps: trial.metrics.rps,
      generatorCpuPercent: trial.metrics.generatorCpuPercent,
      ...(trial.metrics.generatorWorkPercent !== undefined && {
        generatorWorkPercent: trial.metrics.generatorWorkPercent,
      }),
      serverCpuPercent: trial.metrics.serverCpuPercent,
      stack: BASELINE_STACK,
      scenario: 'json',
    };
  }
}

/** node-http in a process and in a container, interleaved: what isolation costs. */
export async function calibrateContainerOverhead(
  results: Results,
  settings: RunSettings,
  driver: LoadDriver,
  container: Isolation,
  loaded: Map<string, LoadedScenario>,
  signal: AbortSignal,
): Promise<void> {
  // The reference side: the first isolation that runs servers without a container.
  const processIsolation = Object.values(ISOLATIONS).find((i) => !i.capabilities.containers);
  if (processIsolation === undefined) return;
  console.log(
    `Calibrating: ${BASELINE_STACK} /json in a process and in a container (container overhead)…`,
  );
  const overhead = await measureContainerOverhead(
    { driver, process: processIsolation, container, scenarios: loaded, signal, log: console.log },
    settings,
  );
  if (overhead === undefined) {
    if (!signal.aborted)
      console.log(pc.yellow('  no usable trial on one side: overhead not measured'));
    return;
  }
  results.calibration.containerOverhead = overhead;
  const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} %`;
  console.log(
    `  container vs process: req/s ${pct(overhead.rpsChangePercent)}, CPU/request ${pct(overhead.cpuChangePercent)} (medians of ${overhead.rounds} rounds)`,
  );
}
