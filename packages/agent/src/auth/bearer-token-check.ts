import { timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http/http-error.js';

/**
 * Checks `Authorization: Bearer <token>` in constant time (a timing difference
 * would let a client guess the token byte by byte).
 */
export function createBearerTokenCheck(token: string): (authorization: string | undefined) => void {
  const expected = Buffer.from(`Bearer ${token}`);
  return (authorization) => {
    if (authorization === undefined) throw unauthorized('the request has no Authorization header');
    const given = Buffer.from(authorization);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('the bearer token is wrong');
  };
}

function unauthorized(reason: string): HttpError {
  return new HttpError(401, 'unauthorized', reason, {
    hint: 'send "Authorization: Bearer <token>" with the token the agent was started with (--agent-token-file or RTENV_AGENT_TOKEN)',
    headers: { 'www-authenticate': 'Bearer realm="runtime-env-agent"' },
  });
}
