/**
 * The end-of-run table in the terminal: the report model's scenario tables (every cell, with
 * its intervals), drawn by cli-table3, and the generator ceiling the run measured.
 */
import { generatorLoadText } from './generator-load.js';
import Table from 'cli-table3';
import type { Results } from '../shared/results/schema.js';
import { reportModel } from './build-model.js';
import type { ModelTable, ReportSection } from './report-model.js';
import { formatRps } from './table.js';

/**
 * The sections the terminal shows: the guide's table when the run answers it, every cell's
 * numbers, latency at equal load, a sweep.
 */
const TERMINAL_SECTIONS: readonly ReportSection['kind'][] = [
  'guide',
  'scenario',
  'equal-load',
  'sweep',
];

/** The terminal summary of one results file. */
export function renderTerminal(results: Results): string {
  const [run] = reportModel([results]).runs;
  const blocks: string[] = [];
  for (const section of run?.sections ?? []) {
    if (!TERMINAL_SECTIONS.includes(section.kind)) continue;
    blocks.push(section.title, ...section.tables.map(drawTable));
  }
  const ceiling = results.calibration.generatorCeiling;
  if (ceiling) {
    blocks.push(
      `Generator ceiling (${results.manifest.driver.name} vs ${ceiling.stack} ${ceiling.scenario}): ` +
        `${formatRps(ceiling.rps)} req/s ${generatorLoadText(ceiling, 0)}.`,
    );
  }
  return blocks.join('\n');
}

function drawTable({ table }: ModelTable): string {
  const out = new Table({
    head: table.headers,
    colAligns: table.align,
    style: { head: [], border: [] },
    // No rule between body rows: a rule under the header only.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of table.rows) out.push(row.map((c) => c.text));
  return out.toString();
}
