import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../reports/terminal.js';
import { terminalTable } from '../../runner/run/terminal-table.js';
import { fixture } from './fixture.js';

describe('renderTerminal', () => {
  const results = fixture();
  const text = renderTerminal(results);

  it('draws one table per scenario, with a row for every cell', () => {
    expect(text).toContain('Scenario: json');
    expect(text).toContain('Scenario: get-product');
    for (const label of ['node:http', 'Express 5', 'Fastify 5', 'Hono (Node adapter)'])
      expect(text).toContain(label);
    // Header, rule and 8 rows per scenario: every line of a table starts with a border.
    const rows = text.split('\n').filter((l) => /^│ (node:http|Express 5|Fastify 5|Hono)/.test(l));
    expect(rows).toHaveLength(16);
  });

  it('is what the run command prints', () => {
    expect(terminalTable(results)).toBe(text);
  });

  it('ends with the generator ceiling the run measured', () => {
    const ceiling = results.calibration.generatorCeiling;
    expect(ceiling).toBeDefined();
    expect(text.split('\n').at(-1)).toMatch(
      /^Generator ceiling \(autocannon vs node-http json\): [\d,]+ req\/s at \d+ % of its CPU\.$/,
    );
  });
});
