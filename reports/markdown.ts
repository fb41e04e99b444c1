/**
 * The markdown report: the guide's headline table, a table per scenario, capacity under SLO,
 * load generators and container overhead when the results hold them, methods and notes.
 */
import type { Results } from '../runner/results/schema.js';
import type { Renderer } from './renderer.js';
import { type ReportSection, extraSections } from './extra-sections.js';
import { type RunView, runViews } from './runs.js';
import { headlineLegend, headlineTable, methodsText, notes, scenarioTable } from './sections.js';
import { escapeMarkdownText, tableToMarkdown } from './table.js';

/** One markdown document for one or more results files (each in its own section). */
export function renderMarkdown(results: readonly Results[]): string {
  const runs = runViews(results);
  const blocks: string[] = [];
  const only = runs.length === 1 ? runs[0] : undefined;
  blocks.push(
    only ? `# stackbench report: ${escapeMarkdownText(only.results.runId)}` : '# stackbench report',
  );
  if (runs.length === 0) blocks.push('No results files were given.');
  for (const run of runs) blocks.push(...runBlocks(run, only ? 2 : 3));
  return `${blocks.join('\n\n')}\n`;
}

function runBlocks(run: RunView, level: number): string[] {
  const h = (depth: number, text: string): string => `${'#'.repeat(depth)} ${text}`;
  const r = run.results;
  const out: string[] = [];
  if (level > 2) out.push(h(2, `Run ${run.index}: ${escapeMarkdownText(r.runId)}`));
  out.push(
    escapeMarkdownText(
      `Run ${r.runId} · profile ${r.manifest.profile} · ${r.status} · started ${r.startedAt}` +
        (r.finishedAt ? ` · finished ${r.finishedAt}` : ''),
    ),
  );
  const headline = headlineTable(run);
  if (headline) {
    out.push(
      h(
        level,
        escapeMarkdownText(`Headline: ${headline.scenario}, validation ${headline.validation}`),
      ),
      tableToMarkdown(headline.table),
      escapeMarkdownText(headlineLegend(run, headline)),
    );
  }
  for (const scenario of run.scenarios) {
    out.push(
      h(level, escapeMarkdownText(`Scenario: ${scenario}`)),
      tableToMarkdown(scenarioTable(run, scenario)),
    );
  }
  for (const section of extraSections(run))
    out.push(...sectionBlocks(section, h(level, section.title)));
  out.push(h(level, 'Methods'), methodsText(r).map(escapeMarkdownText).join(' '));
  const list = notes(run);
  out.push(
    h(level, 'Notes'),
    list.length === 0 ? 'Every trial was valid; no cell was flagged.' : notesList(list),
  );
  return out;
}

function sectionBlocks(section: ReportSection, heading: string): string[] {
  const out = [
    heading,
    tableToMarkdown(section.table),
    ...section.paragraphs.map(escapeMarkdownText),
  ];
  if (section.notes.length > 0) out.push(notesList(section.notes));
  return out;
}

function notesList(list: readonly { subject: string; text: string }[]): string {
  return list
    .map((n) => `- **${escapeMarkdownText(n.subject)}**: ${escapeMarkdownText(n.text)}`)
    .join('\n');
}

export const markdownRenderer: Renderer = {
  format: 'md',
  render: (results) => [{ file: 'report.md', data: renderMarkdown(results) }],
};
