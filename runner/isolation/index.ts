/** The isolations `--isolation` can name: one line each. */
import type { Isolation } from './isolation.js';
import { dockerIsolation } from './docker.js';
import { processIsolation } from './process.js';

export const ISOLATIONS: Readonly<Record<string, Isolation>> = {
  process: processIsolation,
  docker: dockerIsolation(),
};

/** `--isolation` when not given. */
export const DEFAULT_ISOLATION = 'process';
