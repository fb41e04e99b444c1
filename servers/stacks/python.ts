/**
 * Python stacks: `<venv>/bin/python servers/<stack>/main.py` from the project root, in the
 * cached virtual environment `stackbench setup python` builds from the lock file; versions
 * are the lock file's pins. The servers image holds the Node stacks only.
 */
import { join } from 'node:path';
import { findPython } from '../../runner/python/interpreter.js';
import { lockPins, normaliseName } from '../../runner/python/lock.js';
import { pythonSetup } from '../../runner/python/setup.js';
import { venvDir, venvPython } from '../../runner/python/venv.js';
import type { StackSpec } from './spec.js';

export interface PythonStackDeclaration {
  name: string;
  label: string;
  validations: StackSpec['validations'];
  docs: string;
  runtime: string;
  serverConfig: string;
  /** PyPI packages whose locked versions the manifest records. */
  packages: readonly string[];
  /** See StackCapabilities.busyThreads. */
  busyThreads: 'main' | 'all';
}

function pythonVersion(): string {
  try {
    return findPython().version;
  } catch {
    return 'not installed';
  }
}

export function pythonStack(d: PythonStackDeclaration): StackSpec {
  return {
    name: d.name,
    label: d.label,
    language: 'python',
    validations: d.validations,
    docs: d.docs,
    runtime: d.runtime,
    serverConfig: d.serverConfig,
    capabilities: { docker: false, catalog: true, busyThreads: d.busyThreads },
    setup: pythonSetup,
    command: (root) =>
      Promise.resolve({
        file: venvPython(venvDir(root)),
        args: [join('servers', d.name, 'main.py')],
        cwd: root,
      }),
    versions(root) {
      const pins = lockPins(root);
      return {
        python: pythonVersion(),
        ...Object.fromEntries(
          d.packages.map((name) => [name, pins.get(normaliseName(name)) ?? 'unknown']),
        ),
      };
    },
  };
}
