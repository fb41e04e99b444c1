/** The load drivers `--driver` can name: one line each. */
import { autocannonDriver } from './autocannon.js';
import { autocannonCliDriver } from './autocannon-cli.js';
import { embeddedDriver } from './embedded.js';
import { k6Driver } from './k6.js';
import { wrkDriver } from './wrk.js';
import type { LoadDriver } from './driver.js';

export const DRIVERS: Readonly<Record<string, LoadDriver>> = {
  autocannon: autocannonDriver,
  wrk: wrkDriver,
  k6: k6Driver,
  embedded: embeddedDriver,
  'autocannon-cli': autocannonCliDriver,
};

/** `--driver` when not given (closed-model commands: run, ab). */
export const DEFAULT_DRIVER = 'embedded';

/** `--driver` when not given for commands that need the open model (capacity, sweep --rate, run's equal-load phase): the embedded driver, no k6 needed. */
export const DEFAULT_OPEN_MODEL_DRIVER = 'embedded';

/**
 * Connections an open-model driver may open to hold its rate (its pool's maximum), so a server
 * that stalls cannot slow the sender (requests queue on new connections instead).
 */
export const OPEN_MODEL_POOL = 256;
