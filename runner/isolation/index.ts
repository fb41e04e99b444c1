/** The isolations `--isolation` can name. */
import type { Isolation } from './isolation.js';
import { dockerIsolation } from './docker.js';
import { processIsolation } from './process.js';

export const ISOLATIONS: Readonly<Record<string, Isolation>> = {
  process: processIsolation,
  docker: dockerIsolation(),
};
