import { maskUrlCredentialsIn } from '@runtime-env/core';
import type { GcResponse, RemoveResponse } from '@runtime-env/client';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import { parseRequest } from '../validation/parse-request.js';
import { gcSchema } from '../validation/request-schemas.js';
import { badRequest } from '../http/http-error.js';
import type { RouteHandler } from './agent-context.js';
import { lookUpEnvironment } from './environment-lookup.js';

/** `POST /v1/gc` with `{"dryRun"?, "all"?}` (an empty body is a real collection per the budgets). */
export const gcRoute: RouteHandler = async (scope, agent) => {
  const body = await readJsonBody(scope.request, agent.maxBodyBytes);
  const options = parseRequest(gcSchema, body ?? {}, 'body');
  const report = await agent.collectGarbage(options);
  agent.logger.info('garbage collected', { requestId: scope.requestId, dryRun: report.dryRun, removed: report.removed.length, bytesFreed: report.bytesFreed });
  // A URI may name its source URL (a git repository with a token): shown masked.
  const response: GcResponse = maskUrlCredentialsIn(report);
  sendJson(scope.response, 200, response, scope.requestId);
};

/** `DELETE /v1/envs/{id}[?force=true]`: removes the environment; 409 while referenced unless forced. */
export const removeEnvironmentRoute: RouteHandler = async (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  const query = new URLSearchParams(scope.query);
  const force = query.get('force');
  if (force !== null && force !== 'true' && force !== 'false')
    throw badRequest('invalid_request', `force must be "true" or "false", not "${force.slice(0, 40)}"`);
  const result: RemoveResponse = await agent.manager.remove(record.id, { force: force === 'true' });
  agent.logger.info('environment removed', { requestId: scope.requestId, environmentId: record.id, bytesFreed: result.bytesFreed, force: force === 'true' });
  sendJson(scope.response, 200, result, scope.requestId);
};
