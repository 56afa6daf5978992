import type { HealthResponse } from '@runtime-env/client';
import { sendJson, sendText } from '../http/respond.js';
import type { RouteHandler } from './agent-context.js';

/** `GET /healthz`: 200 while serving, 503 while draining (so a load balancer stops sending). */
export const healthRoute: RouteHandler = (scope, agent) => {
  const draining = agent.stopping.aborted;
  const body: HealthResponse = {
    status: draining ? 'draining' : 'ok',
    version: agent.version,
    uptimeSeconds: Math.round((Date.now() - agent.startedAt) / 1000),
    inFlightCreations: agent.coordinator.inFlightCreations,
  };
  sendJson(scope.response, draining ? 503 : 200, body, scope.requestId);
};

/** `GET /metrics`: Prometheus text format 0.0.4. */
export const metricsRoute: RouteHandler = (scope, agent) => {
  sendText(scope.response, 200, agent.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8', scope.requestId);
};
