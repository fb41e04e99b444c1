/** The clock the parent and every worker share, ms since the epoch with sub-µs resolution. */
import { performance } from 'node:perf_hooks';

export const clockMs = (): number => performance.timeOrigin + performance.now();
