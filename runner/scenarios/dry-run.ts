/**
 * One pass of a scenario's sequence against a server, before any load: a step that needs a
 * saved field the server's answer lacks (`{created.id}` from a create answered without `id`,
 * or a scenario naming a field no response has) is found here, in milliseconds, instead of
 * under load. Only scenarios that save a response need it; every other request renders from
 * the scenario alone.
 */
import { request } from 'node:http';
import { createRng } from '../stats/random.js';
import { compileScenario, type ConnectionState, type RenderedRequest } from './render.js';
import { saveResponse, ScenarioRunError } from './saved-field.js';
import type { Scenario } from './schema.js';

/** A scenario the dry run has something to check in: one of its steps saves a response. */
export const needsDryRun = (scenario: Scenario): boolean =>
  scenario.sequence.some((step) => step.save !== undefined);

/** One request, its whole answer (a fresh connection, closed after). */
function send(
  base: URL,
  rendered: RenderedRequest,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close', ...rendered.headers };
    if (rendered.body !== undefined) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(rendered.body));
    }
    const req = request(
      new URL(rendered.path, base),
      { method: rendered.method, headers, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(rendered.body);
  });
}

/**
 * Sends the sequence once to `url`. Resolves with the problem (ScenarioRunError's message, with
 * the saving step's status when the scenario did not expect it), or undefined when every step
 * could be rendered. A request that fails at the socket is not this check's business (the load
 * counts such errors): the pass stops there with no problem.
 */
export async function dryRunScenario(
  url: string,
  scenario: Scenario,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const state: ConnectionState = { rng: createRng(0x5eed), connection: 0, counter: 0, saved: {} };
  const statusOf = new Map<string, { step: string; status: number; expected: number[] }>();
  for (const { step, render } of compileScenario(scenario)) {
    let rendered: RenderedRequest;
    try {
      rendered = render(state);
    } catch (error) {
      if (!(error instanceof ScenarioRunError)) throw error;
      const saver = error.saved === undefined ? undefined : statusOf.get(error.saved);
      const unexpected =
        saver !== undefined && !saver.expected.includes(saver.status)
          ? ` (step "${saver.step}" was answered ${saver.status}, which the scenario does not expect: ${saver.expected.join(', ')})`
          : '';
      return `${error.message}${unexpected}`;
    }
    let answer: { status: number; body: string };
    try {
      answer = await send(new URL(url), rendered, timeoutMs);
    } catch {
      return undefined;
    }
    if (step.save !== undefined) {
      saveResponse(state.saved, step.save, answer.body);
      statusOf.set(step.save, { step: step.name, status: answer.status, expected: step.expect });
    }
  }
  return undefined;
}
