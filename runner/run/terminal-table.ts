/** The end-of-run table: the report model's scenario tables, as reports/terminal.ts draws them. */
import { renderTerminal } from '../../reports/terminal.js';
import type { Results } from '../results/schema.js';

export function terminalTable(results: Results): string {
  return renderTerminal(results);
}
