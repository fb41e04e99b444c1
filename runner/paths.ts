/** Where the project's files are, whether this code runs compiled (dist/) or from source (tests). */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = basename(dirname(here)) === 'dist';

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = compiled ? join(here, '..', '..') : join(here, '..');

/** A compiled file's path: `compiledFile('runner/drivers/x.js')` → `<root>/dist/runner/drivers/x.js`. */
export const compiledFile = (relative: string): string => join(PROJECT_ROOT, 'dist', relative);
