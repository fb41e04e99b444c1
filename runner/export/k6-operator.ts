/**
 * Kubernetes manifests for k6-operator (https://github.com/grafana/k6-operator): a ConfigMap
 * holding the exported script and a `TestRun` (k6.io/v1alpha1) that runs it on `parallelism`
 * runner pods. The operator splits the load between runners with execution segments, so a
 * rate or VU count is the total across all of them.
 */
import type { Yaml } from './yaml.js';

export interface TestRunInput {
  /** Kubernetes name for both objects (lower-case, digits, dashes). */
  name: string;
  scriptFile: string;
  script: string;
  parallelism: number;
  target: string;
  seed: number;
  namespace?: string;
}

/** A Kubernetes object name from free text: lower-case, digits and dashes, ≤ 63 chars. */
export const k8sName = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '') || 'stackbench';

export function k6OperatorManifests(input: TestRunInput): { [key: string]: Yaml }[] {
  const metadata = (extra: { [key: string]: Yaml } = {}): { [key: string]: Yaml } => ({
    name: input.name,
    ...(input.namespace !== undefined && { namespace: input.namespace }),
    labels: { 'app.kubernetes.io/name': 'stackbench', 'app.kubernetes.io/component': 'load' },
    ...extra,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(),
      data: { [input.scriptFile]: input.script },
    },
    {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: metadata(),
      spec: {
        parallelism: input.parallelism,
        script: { configMap: { name: input.name, file: input.scriptFile } },
        // Each runner prints its summary JSON at the end of its log: `kubectl logs` it, then
        // `stackbench import k6 --merge <logs…>`.
        arguments: '--quiet --no-color',
        runner: {
          env: [
            { name: 'BASE_URL', value: input.target },
            { name: 'SEED', value: String(input.seed) },
            { name: 'SUMMARY_FILE', value: '/dev/stdout' },
            { name: 'K6_NO_USAGE_REPORT', value: 'true' },
          ],
        },
      },
    },
  ];
}
