/**
 * The guide this project answers (DESIGN.md, `reference/000_a9d9cbb0c059441a.txt`) and the
 * figures its table claims. A property of the guide, not of any stack: declared once here,
 * written into the results of `--profile guide` (`results.reference`), and put beside the
 * measured numbers by the reports.
 */
import type { Reference } from '../results/schema.js';

export const GUIDE_REFERENCE = {
  source:
    'Codcompass, "How to Build a REST API in 10 Minutes with FastAPI (2025 Guide)", table "WOW Moment: Key Findings"',
  // "a baseline JSON endpoint on FastAPI sustains approximately 15,000 requests per second".
  scenario: 'json',
  // The guide's "Validation Overhead" column, measured where validation runs: a POST body.
  overheadScenario: 'create-product',
  claims: { fastapi: 15_000, flask: 3_000, drf: 1_500, express: 12_000 },
  note:
    'The guide gives approximate figures ("~15,000") for "a baseline JSON endpoint", with no ' +
    'hardware, server configuration, load generator, duration or interval; node:http, Fastify ' +
    'and Hono are not in its table.',
} as const satisfies Reference;
