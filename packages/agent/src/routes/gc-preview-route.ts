import { maskUrlCredentialsIn } from '@runtime-env/core';
import { badRequest } from '../http/http-error.js';
import { sendJson } from '../http/respond.js';
import type { RouteHandler } from './agent-context.js';

/**
 * `GET /v1/gc/preview[?all=true]`: what garbage collection would remove now and
 * why, removing nothing: the same report as `POST /v1/gc {"dryRun": true}` and
 * `rtenv gc --dry-run`, as a read (so it needs no token on loopback).
 */
export const gcPreviewRoute: RouteHandler = async (scope, agent) => {
  const all = new URLSearchParams(scope.query).get('all');
  if (all !== null && all !== 'true' && all !== 'false') throw badRequest('invalid_request', `all must be "true" or "false", not "${all.slice(0, 40)}"`);
  const report = await agent.collectGarbage({ dryRun: true, all: all === 'true' });
  sendJson(scope.response, 200, maskUrlCredentialsIn(report), scope.requestId);
};
