/**
 * The markdown report: the report model (./build-model.ts) as markdown — its tables,
 * paragraphs and notes; charts are left to the HTML report and the PNG/SVG files.
 */
import type { Results } from '../shared/results/schema.js';
import { reportModel } from './build-model.js';
import type { Note, ReportSection, RunReport } from './report-model.js';
import type { Renderer } from './renderer.js';
import { escapeMarkdownText, tableToMarkdown } from './table.js';

/** One markdown document for one or more results files (each in its own section). */
export function renderMarkdown(results: readonly Results[]): string {
  const model = reportModel(results);
  const blocks: string[] = [`# ${escapeMarkdownText(model.title)}`];
  if (model.empty !== undefined) blocks.push(model.empty);
  const level = model.runs.length === 1 ? 2 : 3;
  for (const run of model.runs) blocks.push(...runBlocks(run, level));
  return `${blocks.join('\n\n')}\n`;
}

const heading = (depth: number, text: string): string =>
  `${'#'.repeat(depth)} ${escapeMarkdownText(text)}`;

function runBlocks(run: RunReport, level: number): string[] {
  const out: string[] = [];
  if (run.heading !== undefined) out.push(heading(2, run.heading));
  out.push(escapeMarkdownText(run.meta));
  for (const section of run.sections) out.push(...sectionBlocks(section, level));
  return out;
}

/** A section's heading and what markdown can show of it; nothing when that is nothing. */
function sectionBlocks(section: ReportSection, level: number): string[] {
  const body = [
    ...section.tables.map((t) => tableToMarkdown(t.table)),
    ...section.paragraphs.map((p) => escapeMarkdownText(p.text)),
  ];
  if (section.notes.length > 0) body.push(notesList(section.notes));
  else if (section.noNotes !== undefined) body.push(section.noNotes);
  return body.length === 0 ? [] : [heading(level, section.title), ...body];
}

function notesList(list: readonly Note[]): string {
  return list
    .map((n) => `- **${escapeMarkdownText(n.subject)}**: ${escapeMarkdownText(n.text)}`)
    .join('\n');
}

export const markdownRenderer: Renderer = {
  format: 'md',
  render: (results) => [{ file: 'report.md', data: renderMarkdown(results) }],
};
