import type { ReleaseResponse } from '@runtime-env/client';
import { HttpError } from '../http/http-error.js';
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
  // A lapsed lease counts as released everywhere, so it cannot be renewed; the core
  // keeps lapsed rows until garbage collection and would extend them, so check the live references here.
  if (!record.references.some((reference) => reference.owner === owner)) {
    throw new HttpError(404, 'reference_not_found', `owner "${owner}" holds no live reference to environment "${record.id}"`, {
      hint: 'a lapsed lease cannot be renewed: create-or-get the environment again (POST /v1/envs)',
    });
  }
  agent.manager.renewLease(record.id, owner, leaseSeconds);
  sendJson(scope.response, 200, { renewed: true, leaseSeconds }, scope.requestId);
};
