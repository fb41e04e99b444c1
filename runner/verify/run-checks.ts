/** Runs the contract checks against one base URL, recording what each request got. */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { type CheckState, checksFor, type ContractCheck, judge } from './checks.js';
import { send, type HttpRequest, type HttpResponse } from './http.js';

/** What a request got, reduced to what must be identical across stacks. */
export interface Exchange {
  check: string;
  /** The step's index in its check: with `check`, what pairs two stacks' exchanges. */
  step: number;
  request: string;
  status: number;
  mediaType: string | undefined;
  allow: string | undefined;
  allowOrigin: string | undefined;
  body: string;
}

export interface CheckOutcome {
  name: string;
  ok: boolean;
  /** The first failing request and what was wrong with it. */
  failure?: { request: string; problems: string[] };
}

export interface CheckRun {
  outcomes: CheckOutcome[];
  exchanges: Exchange[];
}

const describeRequest = (r: HttpRequest) => {
  const body =
    r.body === undefined
      ? ''
      : ` body ${r.body.length > 60 ? `(${r.body.length} bytes)` : String(r.body)}`;
  const type = r.headers?.['content-type'];
  return `${r.method} ${r.path}${type === undefined ? '' : ` [${type}]`}${body}`;
};

function normalise(check: string, step: number, request: string, res: HttpResponse): Exchange {
  let body = res.text;
  try {
    body = JSON.stringify(JSON.parse(res.text));
  } catch {
    // not JSON: compare the raw text
  }
  const type = res.headers['content-type'];
  return {
    check,
    step,
    request,
    status: res.status,
    mediaType: typeof type === 'string' ? type.split(';')[0]?.trim().toLowerCase() : undefined,
    allow: res.headers.allow as string | undefined,
    allowOrigin: res.headers['access-control-allow-origin'] as string | undefined,
    body,
  };
}

/** Runs one check (all its steps, stopping at the first failure). */
export async function runCheck(
  base: string,
  check: ContractCheck,
): Promise<{ outcome: CheckOutcome; exchanges: Exchange[] }> {
  const state: CheckState = {};
  const exchanges: Exchange[] = [];
  for (const [index, step] of check.steps.entries()) {
    const request = typeof step.request === 'function' ? step.request(state) : step.request;
    const label = describeRequest(request);
    let res: HttpResponse;
    try {
      res = await send(base, request);
    } catch (error) {
      const problem = `no response: ${(error as Error).message}`;
      // Recorded too, so a comparison names this request, not whichever came next.
      exchanges.push({
        check: check.name,
        step: index,
        request: label,
        status: 0,
        mediaType: undefined,
        allow: undefined,
        allowOrigin: undefined,
        body: problem,
      });
      const failure = { request: label, problems: [problem] };
      return { outcome: { name: check.name, ok: false, failure }, exchanges };
    }
    exchanges.push(normalise(check.name, index, label, res));
    const problems = judge(res, step.expect, state);
    if (problems.length > 0) {
      return {
        outcome: { name: check.name, ok: false, failure: { request: label, problems } },
        exchanges,
      };
    }
    step.save?.(JSON.parse(res.text), state);
  }
  return { outcome: { name: check.name, ok: true }, exchanges };
}

export async function runChecks(base: string, mode: ValidationMode): Promise<CheckRun> {
  const run: CheckRun = { outcomes: [], exchanges: [] };
  for (const check of checksFor(mode)) {
    const { outcome, exchanges } = await runCheck(base, check);
    run.outcomes.push(outcome);
    run.exchanges.push(...exchanges);
  }
  return run;
}

/**
 * The first request whose answer differs between two runs of the same checks. Exchanges are
 * paired by check and step, never by position: a check that stopped early on one side (a
 * failure, no response) leaves that side's missing steps empty instead of shifting every
 * later answer onto another request.
 */
export function firstDifference(
  a: Exchange[],
  b: Exchange[],
): { a?: Exchange; b?: Exchange } | undefined {
  const key = (e: Exchange) => JSON.stringify([e.check, e.step]);
  const inB = new Map(b.map((e) => [key(e), e]));
  const inA = new Set(a.map(key));
  for (const x of a) {
    const y = inB.get(key(x));
    if (y === undefined || JSON.stringify(x) !== JSON.stringify(y)) return { a: x, b: y };
  }
  const extra = b.find((y) => !inA.has(key(y)));
  return extra === undefined ? undefined : { b: extra };
}
