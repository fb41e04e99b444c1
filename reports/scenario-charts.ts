/** The charts of a scenario's section, in order (capacity charts have a section of their own). */
import type { ChartKind } from './report-model.js';

export const SCENARIO_CHARTS: readonly ChartKind[] = ['throughput', 'latency', 'cpu', 'trials'];
