/** The Python stacks' lock file: every dependency pinned with its hashes (pip --require-hashes). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the lock file lives in a version of the project. */
export const lockFile = (root: string): string =>
  join(root, 'servers', 'python', 'requirements.lock');

/** PEP 503 name normalisation: `Flask_Cors` and `flask-cors` are one package. */
export const normaliseName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** `name==version` pins of a requirements file (comments, options and hashes skipped). */
export function parsePins(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\]+)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined)
      pins.set(normaliseName(match[1]), match[2]);
  }
  return pins;
}

/** The pins of the lock file in `root`; empty when there is none. */
export function lockPins(root: string): Map<string, string> {
  try {
    return parsePins(readFileSync(lockFile(root), 'utf8'));
  } catch {
    return new Map();
  }
}
