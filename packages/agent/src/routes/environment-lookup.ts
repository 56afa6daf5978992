import type { EnvironmentRecord } from '@runtime-env/core';
import { decodeIdentifier } from '../http/path-identifiers.js';
import { HttpError } from '../http/http-error.js';
import type { AgentContext, RequestScope } from './agent-context.js';

/** The environment named by the first path segment, or a 404 that says how to find one. */
export function lookUpEnvironment(scope: RequestScope, agent: AgentContext): EnvironmentRecord {
  const environmentId = decodeIdentifier(scope.segments[0] ?? '', 'environment id');
  const record = agent.manager.getEnvironment(environmentId);
  if (record === undefined) {
    throw new HttpError(404, 'environment_not_found', `no environment "${environmentId}" on this node`, {
      hint: 'list environments with GET /v1/envs (`rtenv ls --agent URL`)',
    });
  }
  return record;
}
