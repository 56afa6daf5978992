import type { ReleaseResponse } from '@runtime-env/client';
import { decodeIdentifier } from '../http/path-identifiers.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import { parseRequest } from '../validation/parse-request.js';
import { renewLeaseSchema } from '../validation/request-schemas.js';
import type { RouteHandler } from './agent-context.js';
import { lookUpEnvironment } from './environment-lookup.js';

/** `DELETE /v1/envs/{id}/references/{owner}`: drops the owner's reference (`released: false` when it had none). */
export const releaseReferenceRoute: RouteHandler = (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  const owner = decodeIdentifier(scope.segments[2] ?? '', 'owner');
  const body: ReleaseResponse = { released: agent.manager.release(record.id, owner) };
  agent.logger.info('reference released', { requestId: scope.requestId, environmentId: record.id, owner, released: body.released });
  sendJson(scope.response, 200, body, scope.requestId);
};

/** `PUT /v1/envs/{id}/references/{owner}` with `{"leaseSeconds": N}`: renews the owner's lease. */
export const renewLeaseRoute: RouteHandler = async (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  const owner = decodeIdentifier(scope.segments[2] ?? '', 'owner');
  const { leaseSeconds } = parseRequest(renewLeaseSchema, await readJsonBody(scope.request, agent.maxBodyBytes), 'body');
  // The core answers `reference_not_found` (404) when the owner holds none, lapsed leases included.
  agent.manager.renewLease(record.id, owner, leaseSeconds);
  sendJson(scope.response, 200, { renewed: true, leaseSeconds }, scope.requestId);
};
