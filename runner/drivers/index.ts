/** The load drivers `--driver` can name. */
import { autocannonDriver } from './autocannon.js';
import type { LoadDriver } from './driver.js';

export const DRIVERS: Readonly<Record<string, LoadDriver>> = {
  autocannon: autocannonDriver,
};
