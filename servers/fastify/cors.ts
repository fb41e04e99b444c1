/**
 * The contract's CORS policy as one `onRequest` hook. Every OPTIONS request is answered as
 * a preflight: 204, with the allow-* headers only for an allowed origin. @fastify/cors is
 * not used: by default it answers an OPTIONS without Origin with 400 text/plain, and a
 * preflight from a disallowed origin still gets its allow-methods/headers.
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { corsPolicy, isAllowedOrigin } from '../contract/cors.js';

export interface Cors {
  /** Adds the CORS headers; answers a preflight itself and then returns true. */
  apply(request: FastifyRequest, reply: FastifyReply): boolean;
  onRequest: onRequestHookHandler;
}

export function cors(origins: readonly string[]): Cors {
  const policy = corsPolicy(origins);
  const methods = policy.methods.join(', ');
  const headers = policy.allowedHeaders.join(', ');
  const maxAge = String(policy.maxAgeSeconds);

  function apply(request: FastifyRequest, reply: FastifyReply): boolean {
    const origin = request.headers.origin;
    const allowed = isAllowedOrigin(policy, origin);
    if (allowed) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method !== 'OPTIONS') return false;
    if (allowed) {
      reply
        .header('access-control-allow-methods', methods)
        .header('access-control-allow-headers', headers)
        .header('access-control-max-age', maxAge);
    } else {
      reply.header('vary', 'Origin');
    }
    reply.code(204).send();
    return true;
  }

  return {
    apply,
    onRequest(request, reply, done) {
      if (!apply(request, reply)) done();
    },
  };
}
