/** The one interface every report format implements. */
import type { Results } from '../shared/results/schema.js';

export const REPORT_FORMATS = ['md', 'html', 'png', 'svg', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A file a renderer produced: its name inside the output folder, and its content. */
export interface ReportFile {
  file: string;
  data: string | Buffer;
}

/**
 * A report format. `render` is a pure function of the results: no clock, no randomness, no
 * file reads, so the same results always give the same files, byte for byte.
 */
export interface Renderer {
  readonly format: ReportFormat;
  render(results: readonly Results[]): ReportFile[];
}
