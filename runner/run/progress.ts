/** Progress for long runs: a bar with ETA on a terminal, one plain line per trial elsewhere (CI). */
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { PlannedTrial, Trial } from '../results/schema.js';
import type { RunEvents } from './orchestrate.js';

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function describeTrial(trial: Trial): string {
  const rps = trial.metrics ? `${fmt.format(trial.metrics.rps)} req/s` : 'no metrics';
  const state =
    trial.state === 'valid'
      ? pc.green('valid')
      : trial.state === 'generator-bound'
        ? pc.yellow('generator-bound')
        : pc.red(trial.state);
  return `${trial.stack} ${trial.scenario} (${trial.validation}): ${rps}, ${state}${trial.reason ? ` — ${trial.reason}` : ''}`;
}

export function progressReporter(
  stream: NodeJS.WriteStream,
  interactive: boolean,
): RunEvents & { stop(): void } {
  const started = Date.now();
  if (interactive) {
    const bars = new cliProgress.MultiBar(
      {
        format: ' {bar} {value}/{total} trials | ETA {eta_formatted} | {label}',
        hideCursor: true,
        etaBuffer: 20,
        stream,
      },
      cliProgress.Presets.shades_classic,
    );
    let bar: cliProgress.SingleBar | undefined;
    return {
      onTrialStart(p: PlannedTrial, done, total) {
        const label = `round ${p.round}: ${p.stack} ${p.scenario} ${p.validation}`;
        if (bar === undefined) bar = bars.create(total, done, { label });
        else bar.update(done, { label });
      },
      onTrialEnd(trial, done) {
        if (trial.state !== 'valid') bars.log(`${describeTrial(trial)}\n`);
        bar?.update(done);
      },
      stop: () => bars.stop(),
    };
  }
  return {
    onTrialEnd(trial, done, total) {
      const elapsed = (Date.now() - started) / 1000;
      const eta = done === 0 ? 0 : Math.round((elapsed / done) * (total - done));
      stream.write(
        `[${done}/${total}] round ${trial.round} ${describeTrial(trial)} (ETA ${eta}s)\n`,
      );
    },
    stop() {},
  };
}
