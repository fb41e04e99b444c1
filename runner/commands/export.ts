/**
 * `stackbench export k6`: a scenario as a standalone k6 script, plus a k6-operator `TestRun`
 * manifest, for loads larger than one machine (docs/design.md §7). Nothing is run.
 */
import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseSlo, sloThresholds } from '../capacity/slo.js';
import { k6Script, scriptMeta, vuPool, type K6Load } from '../drivers/k6-script.js';
import { K6_VERSION } from '../drivers/k6.js';
import { usageError } from '../exit-codes.js';
import { k6OperatorManifests, k8sName } from '../export/k6-operator.js';
import { toYamlDocuments } from '../export/yaml.js';
import { parseInteger, parseSeconds, parseUrl } from '../options.js';
import { loadScenarios } from '../scenarios/load.js';

export interface ExportK6Options {
  scenario?: string;
  target?: string;
  parallelism: string;
  rate?: string;
  vus: string;
  duration: string;
  warmup: string;
  timeout: string;
  slo?: string;
  seed: string;
  name?: string;
  namespace?: string;
  out?: string;
}

export interface Exported {
  script: string;
  manifest: string;
}

export async function exportK6(options: ExportK6Options): Promise<Exported> {
  if (options.scenario === undefined)
    throw usageError('--scenario: required (see `stackbench list`)');
  if (options.target === undefined)
    throw usageError('--target: required, the base URL of the server under test (http://…)');
  const loaded = await loadScenarios();
  const scenario = loaded.get(options.scenario);
  if (scenario === undefined)
    throw usageError(
      `--scenario: expected one of ${[...loaded.keys()].join(', ')}, got "${options.scenario}"`,
    );
  const target = parseUrl('--target', options.target);
  const parallelism = parseInteger('--parallelism', options.parallelism, 1, 1000);
  const load: K6Load =
    options.rate === undefined
      ? { model: 'closed', vus: parseInteger('--vus', options.vus, 1, 100_000) }
      : (() => {
          const rate = parseInteger('--rate', options.rate, 1, 100_000_000);
          // The operator divides the pool between runners: size it for the total rate.
          const pool = vuPool(rate);
          return { model: 'open', rate, ...pool };
        })();
  const durationS = parseSeconds('--duration', options.duration, 1, 86_400);
  const warmupS = parseSeconds('--warmup', options.warmup, 0, 86_400);
  const timeoutS = parseSeconds('--timeout', options.timeout, 0.1, 600);
  const seed = parseInteger('--seed', options.seed, 0, 2 ** 31 - 1);
  let thresholds;
  if (options.slo !== undefined) {
    try {
      thresholds = sloThresholds(parseSlo(options.slo));
    } catch (error) {
      throw usageError((error as Error).message);
    }
  }
  const name = scenario.scenario.name;
  const outDir = resolve(options.out ?? join('k6-export', name));
  const scriptFile = `${name}.k6.js`;
  const script = k6Script(scenario.scenario, {
    load,
    warmupS,
    durationS,
    timeoutS,
    thresholds,
    source: `scenarios/${name}.json, sha ${scenario.hash}; stackbench export k6`,
    baseUrl: target,
    meta: { ...scriptMeta(scenario.scenario, scenario.hash, { load, durationS, warmupS }), target },
  });
  const k8s = k8sName(options.name ?? `stackbench-${name}`);
  const manifest = toYamlDocuments(
    k6OperatorManifests({
      name: k8s,
      scriptFile,
      script,
      parallelism,
      target,
      seed,
      namespace: options.namespace,
    }),
  );
  await mkdir(outDir, { recursive: true });
  const scriptPath = join(outDir, scriptFile);
  const manifestPath = join(outDir, `${name}.testrun.yaml`);
  await writeFile(scriptPath, script);
  await writeFile(manifestPath, manifest);
  console.log(`Wrote ${scriptPath}
      ${manifestPath}

Run on this machine (k6 ${K6_VERSION} or later):
  k6 run -e BASE_URL=${target} -e SUMMARY_FILE=summary.json ${scriptPath}
  stackbench import k6 summary.json --stack <stack>

Run on Kubernetes with k6-operator (${parallelism} runner pod${parallelism > 1 ? 's' : ''}):
  kubectl apply -f ${manifestPath}
  kubectl get testrun ${k8s} -w            # until stage "finished"
  for p in $(kubectl get pods -l k6_cr=${k8s},runner=true -o name); do kubectl logs "$p" > "$(basename "$p").log"; done
  stackbench import k6 --merge *.log --stack <stack>`);
  return { script: scriptPath, manifest: manifestPath };
}

export function register(program: Command): void {
  const exp = program
    .command('export')
    .description('export scenarios for tools that carry load beyond one machine');
  exp
    .command('k6')
    .description('a scenario as a standalone k6 script and a k6-operator TestRun manifest')
    .option('--scenario <name>', 'the scenario to export (required)')
    .option('--target <url>', 'base URL of the server under test (required)')
    .option('--parallelism <n>', 'k6-operator runner pods sharing the load', '1')
    .option('--rate <rps>', 'open model: total requests per second (constant-arrival-rate)')
    .option('--vus <n>', 'closed model: total VUs (constant-vus), when no --rate', '32')
    .option('--duration <s>', 'seconds measured', '30')
    .option('--warmup <s>', 'seconds of load before the measured window', '5')
    .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
    .option('--slo <rules>', "k6 thresholds on the measured window, e.g. 'p99<50ms'")
    .option('--seed <n>', 'seed for request variety', '1')
    .option(
      '--name <name>',
      'Kubernetes name of the ConfigMap and TestRun (default stackbench-<scenario>)',
    )
    .option('--namespace <ns>', 'Kubernetes namespace (default: the current one)')
    .option('--out <dir>', 'where to write (default k6-export/<scenario>/)')
    .action(async (options: ExportK6Options) => {
      await exportK6(options);
    });
}
