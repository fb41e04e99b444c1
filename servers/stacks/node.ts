/** Node stacks: compiled `dist/servers/<stack>/main.js` on plain `node`, versions from node_modules. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackSpec } from './spec.js';

export interface NodeStackDeclaration {
  name: string;
  label: string;
  validations: StackSpec['validations'];
  docs: string;
  runtime: string;
  /** How its server is configured, beyond "one node process on one core". */
  serverConfig: string;
  /** npm packages whose installed versions the manifest records. */
  packages: readonly string[];
}

/** An installed npm package's version, read from its folder (some do not export package.json). */
export function installedVersion(root: string, name: string): string {
  try {
    const file = join(root, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The compiled entry of a Node stack, relative to the project root. */
export const nodeEntry = (name: string): string => join('dist', 'servers', name, 'main.js');

export function nodeStack(d: NodeStackDeclaration): StackSpec {
  return {
    name: d.name,
    label: d.label,
    language: 'node',
    validations: d.validations,
    docs: d.docs,
    runtime: d.runtime,
    serverConfig: d.serverConfig,
    capabilities: { docker: { args: [nodeEntry(d.name)] }, catalog: true, busyThreads: 'main' },
    command: (root) =>
      Promise.resolve({
        file: process.execPath,
        args: [join(root, nodeEntry(d.name))],
        cwd: root,
      }),
    versions: (root) =>
      Object.fromEntries(d.packages.map((name) => [name, installedVersion(root, name)])),
  };
}
