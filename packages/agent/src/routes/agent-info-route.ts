import type { AgentInfoResponse } from '@runtime-env/dashboard';
import { sendJson } from '../http/respond.js';
import type { RouteHandler } from './agent-context.js';

/**
 * `GET /v1/agent`: what the dashboard's Agent view shows. The request counters are
 * the ones `/metrics` renders, so a rate computed from two answers matches what
 * Prometheus computes from two scrapes.
 */
export const agentInfoRoute: RouteHandler = (scope, agent) => {
  const body: AgentInfoResponse = {
    version: agent.version,
    startedAt: new Date(agent.startedAt).toISOString(),
    uptimeSeconds: Math.round((Date.now() - agent.startedAt) / 1000),
    nodeVersion: process.version,
    access: agent.access,
    plugins: agent.manager.plugins.map(({ plugin, source, identity }) => ({ name: plugin.name, package: identity.name, version: identity.version, source })),
    inFlightCreations: agent.coordinator.inFlightCreations,
    requests: agent.metrics.requests.entries().map(({ labels, value }) => ({ route: labels[0]!, status: labels[1]!, count: value })),
    latency: agent.metrics.requestSeconds.totals().map(({ labels, count, sum }) => ({ route: labels[0]!, count, sumSeconds: sum })),
    followers: agent.feed.followers,
  };
  sendJson(scope.response, 200, body, scope.requestId);
};
