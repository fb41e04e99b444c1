/**
 * One stack's capacity inside a measuring session: a closed-model probe for its peak (unless
 * a start rate is given), then the open-model search (search.ts) whose steps are trials of the
 * session, each written to results.json (`capacity[]`) as it ends.
 */
import pc from 'picocolors';
import type { StackInfo } from '../../servers/stacks.js';
import type { LoadDriver, LoadJob } from '../drivers/driver.js';
import { OPEN_MODEL_POOL } from '../drivers/index.js';
import type { Isolation } from '../isolation/isolation.js';
import type { Capacity } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { jobFor } from '../run/orchestrate.js';
import type { Session } from '../run/session.js';
import type { CapacitySettings } from './options.js';
import { nextFixedStep } from './plan.js';
import { searchCapacity } from './search.js';
import { stepFromTrial } from './step.js';

export interface CapacityContext {
  session: Session;
  driver: LoadDriver;
  isolation: Isolation;
  settings: CapacitySettings;
  /** The next trial's order in the session (1, 2, …). */
  nextOrder(): number;
}

const fmtUs = (us: number) =>
  us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`;

function baseJob(ctx: CapacityContext, scenario: LoadedScenario): Omit<LoadJob, 'url'> {
  return {
    ...jobFor(scenario, { ...ctx.settings.load, scriptDir: ctx.session.dir }),
    // capacity's --connections are the probe's, whatever the scenario says
    connections: ctx.settings.load.connections,
    pipelining: 1,
  };
}

const serverOf = (ctx: CapacityContext, stack: StackInfo) => ({
  stack: stack.name,
  validation: ctx.settings.validation,
  cpus: ctx.settings.load.serverCpus,
});

/** The stack's closed-model peak (req/s), or undefined when the probe measured nothing. */
async function probePeak(
  ctx: CapacityContext,
  stack: StackInfo,
  scenario: LoadedScenario,
): Promise<number | undefined> {
  const { load, probeS } = ctx.settings;
  console.log(
    `${stack.name} ${scenario.scenario.name}: closed-model peak probe (${ctx.driver.name}, ${load.connections} VUs, ${probeS} s)…`,
  );
  const probe = await ctx.session.trial(
    { isolation: ctx.isolation, driver: ctx.driver },
    {
      id: `probe-${stack.name}`,
      round: 1,
      order: ctx.nextOrder(),
      server: serverOf(ctx, stack),
      job: { ...baseJob(ctx, scenario), durationS: probeS, warmupS: Math.min(1, load.warmupS) },
    },
  );
  const peak = probe.metrics?.rps ?? 0;
  if (peak <= 0) {
    console.log(pc.red(`  probe failed (${probe.state}: ${probe.reason ?? ''}): skipping`));
    return undefined;
  }
  const { fractions } = ctx.settings;
  const bound =
    probe.state === 'generator-bound' ? ` (generator-bound: ${ctx.driver.name} was the limit)` : '';
  console.log(
    `  peak ${Math.round(peak)} req/s${bound}; ${fractions ? `rates at ${fractions.map((f) => `${Math.round(f * 100)} %`).join(', ')} of it` : `starting at ${Math.round(Math.max(1, peak * ctx.settings.startFraction))} req/s`}`,
  );
  return peak;
}

/** Probes (when needed) and searches one stack; its entry is in results.json step by step. */
export async function stackCapacity(
  ctx: CapacityContext,
  stack: StackInfo,
  scenario: LoadedScenario,
): Promise<void> {
  const { settings, session } = ctx;
  let start = settings.startRate;
  let peak: number | undefined;
  if (start === undefined) {
    peak = await probePeak(ctx, stack, scenario);
    if (peak === undefined) return;
    start = Math.max(1, peak * settings.startFraction);
  }
  const entry: Capacity = {
    stack: stack.name,
    scenario: scenario.scenario.name,
    validation: settings.validation,
    driver: ctx.driver.name,
    slo: settings.slo.text,
    sloRules: settings.slo.rules,
    sustainableRps: null,
    steps: [],
  };
  (session.results.capacity ??= []).push(entry);
  const measure = async (targetRps: number) => {
    const trial = await session.trial(
      { isolation: ctx.isolation, driver: ctx.driver },
      {
        id: `capacity-${stack.name}-${targetRps}`,
        round: 1,
        order: ctx.nextOrder(),
        server: serverOf(ctx, stack),
        job: {
          ...baseJob(ctx, scenario),
          // The open model's pool, not the probe's connections: a stall must not slow the sender.
          connections: Math.max(OPEN_MODEL_POOL, settings.load.connections),
          rate: targetRps,
          objectives: settings.slo.rules,
        },
      },
    );
    return stepFromTrial(
      trial,
      targetRps,
      settings.slo,
      settings.budget,
      session.results.validityRules,
    );
  };
  const rates =
    peak === undefined ? undefined : settings.fractions?.map((f) => Math.max(1, f * peak));
  const found = await searchCapacity(
    rates !== undefined
      ? (steps) => nextFixedStep(rates, steps)
      : { ...settings.plan, startRps: start },
    measure,
    {
      onStep: async (step, phase) => {
        entry.steps.push(step);
        await session.save();
        console.log(
          `  ${phase.padEnd(9)} ${String(Math.round(step.targetRps)).padStart(7)} req/s → ${String(Math.round(step.achievedRps)).padStart(7)} achieved, p50 ${fmtUs(step.latencyUs.p50)}, p99 ${fmtUs(step.latencyUs.p99)}: ${step.ok ? pc.green('ok') : pc.red(`broken (${step.reason})`)}`,
        );
      },
    },
    session.signal,
  );
  entry.sustainableRps = found.sustainableRps;
  if (found.flags.length > 0) entry.flags = found.flags;
  await session.save();
  if (found.flags.includes('generator-bound')) {
    // The driver, not the server, ran out first: say so instead of calling it a capacity.
    const ceiling = Math.min(
      ...entry.steps
        .filter((x) => !x.ok && x.reason?.includes('generator-bound'))
        .map((x) => x.targetRps),
    );
    console.log(
      pc.yellow(
        `  ${pc.bold(stack.name)}: the load driver's ceiling was reached (${ctx.driver.name} at its CPU limit at ${Math.round(ceiling)} req/s) before ${stack.name} broke ${settings.slo.text}: ` +
          (found.sustainableRps === null
            ? 'its capacity is not measured here'
            : `its capacity is above ${Math.round(found.sustainableRps)} req/s, not measured here`) +
          ' (more load CPUs, --load-cpus, or a faster driver would measure it)',
      ),
    );
    return;
  }
  console.log(
    `  ${pc.bold(stack.name)}: ${found.sustainableRps === null ? pc.red('no sustainable rate') : `${Math.round(found.sustainableRps)} req/s sustainable`} under ${settings.slo.text} (${found.reason})`,
  );
}
