import type { PrewarmResponse } from '@runtime-env/client';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import { prewarmEnvironments } from '../prewarm/prewarm-environments.js';
import { parseRequest } from '../validation/parse-request.js';
import { prewarmSchema } from '../validation/request-schemas.js';
import type { RouteHandler } from './agent-context.js';

/** `POST /v1/prewarm` with `{"environments": [doc, ...]}`: creates each and pins it; one result per document. */
export const prewarmRoute: RouteHandler = async (scope, agent) => {
  const body = parseRequest(prewarmSchema, await readJsonBody(scope.request, agent.maxBodyBytes), 'body');
  const results = await prewarmEnvironments(agent, body.environments as Parameters<typeof prewarmEnvironments>[1], body.owner ?? 'prewarm', scope.requestId);
  for (const result of results) if (result.id !== undefined) agent.feed.noteChange(result.id);
  const response: PrewarmResponse = { results };
  sendJson(scope.response, 200, response, scope.requestId);
};
