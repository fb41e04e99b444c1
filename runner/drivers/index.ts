/** The load drivers `--driver` can name. */
import { autocannonDriver } from './autocannon.js';
import { k6Driver } from './k6.js';
import { wrkDriver } from './wrk.js';
import type { LoadDriver } from './driver.js';

export const DRIVERS: Readonly<Record<string, LoadDriver>> = {
  autocannon: autocannonDriver,
  wrk: wrkDriver,
  k6: k6Driver,
};
