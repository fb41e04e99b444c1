/** Which manifest fields make two results incomparable (hardware, Node, driver, scenarios…). */
import type { Manifest } from '../results/schema.js';

const FIELDS: [label: string, get: (m: Manifest) => unknown][] = [
  ['host.cpuModel', (m) => m.host.cpuModel],
  ['host.cpuCount', (m) => m.host.cpuCount],
  ['node', (m) => m.node],
  ['driver.name', (m) => m.driver.name],
  ['driver.version', (m) => m.driver.version],
  ['driver.options', (m) => m.driver.options],
  ['isolation', (m) => m.isolation],
  ['cpus', (m) => m.cpus],
  ['durationS', (m) => m.durationS],
  ['warmupS', (m) => m.warmupS],
];

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every difference that makes the numbers incomparable, as `field: base → head`. */
export function manifestDifferences(base: Manifest, head: Manifest): string[] {
  const out: string[] = [];
  for (const [label, get] of FIELDS) {
    const a = show(get(base));
    const b = show(get(head));
    if (a !== b) out.push(`${label}: ${a} → ${b}`);
  }
  const headHashes = new Map(head.scenarios.map((s) => [s.name, s.hash]));
  for (const s of base.scenarios) {
    const other = headHashes.get(s.name);
    if (other !== undefined && other !== s.hash)
      out.push(`scenario ${s.name}: file changed (${s.hash} → ${other})`);
  }
  return out;
}
