/**
 * Cross-stack differences name the request that produced them: exchanges pair by check and
 * step, so a check that stopped early on one side cannot shift the next check's answer onto
 * another request (a 413 once got attributed to `GET /nope`).
 */
import { describe, expect, it } from 'vitest';
import { type Exchange, firstDifference } from '../../runner/verify/run-checks.js';

const ex = (check: string, step: number, request: string, status: number, body = ''): Exchange => ({
  check,
  step,
  request,
  status,
  mediaType: 'application/json',
  allow: undefined,
  allowOrigin: undefined,
  body,
});

describe('firstDifference', () => {
  const big = 'POST /catalog/products [application/json] body (1048614 bytes)';
  const baseline = [
    ex('create: a 1 MiB body', 0, big, 413, '{"detail":"Payload Too Large"}'),
    ex('unknown route', 0, 'GET /nope', 404, '{"detail":"Not Found"}'),
  ];

  it('names the request that got no answer, not the next one', () => {
    const other = [
      ex('create: a 1 MiB body', 0, big, 0, 'no response: write EPIPE'),
      ex('unknown route', 0, 'GET /nope', 404, '{"detail":"Not Found"}'),
    ];
    const diff = firstDifference(baseline, other);
    expect(diff?.a?.request).toBe(big);
    expect(diff?.b?.body).toBe('no response: write EPIPE');
  });

  it('pairs by check and step when one side has fewer exchanges', () => {
    const missing = [ex('unknown route', 0, 'GET /nope', 404, '{"detail":"Not Found"}')];
    const diff = firstDifference(baseline, missing);
    expect(diff).toEqual({ a: baseline[0], b: undefined });
    expect(firstDifference(missing, baseline)).toEqual({ b: baseline[0] });
  });

  it('finds no difference between equal runs, whatever their order', () => {
    expect(firstDifference(baseline, [...baseline].reverse())).toBeUndefined();
  });
});
