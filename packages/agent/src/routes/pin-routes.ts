import { sendJson } from '../http/respond.js';
import type { RouteHandler } from './agent-context.js';
import { lookUpEnvironment } from './environment-lookup.js';

/** `PUT /v1/envs/{id}/pin`: garbage collection keeps the environment even without references. */
export const pinRoute: RouteHandler = (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  agent.manager.pin(record.id);
  sendJson(scope.response, 200, { id: record.id, pinned: true }, scope.requestId);
};

/** `DELETE /v1/envs/{id}/pin`. */
export const unpinRoute: RouteHandler = (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  agent.manager.unpin(record.id);
  sendJson(scope.response, 200, { id: record.id, pinned: false }, scope.requestId);
};
