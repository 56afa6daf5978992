import { RuntimeEnvError, ValidationError, type EnvironmentHandle, type RuntimeEnvManager } from '@runtime-env/core';
import { API_PREFIX, type PendingEnvironmentResponse, type ReadyEnvironmentResponse } from '@runtime-env/client';
import type { CreateCall } from '../creation/creation-coordinator.js';
import { EnvironmentCreationError } from '../creation/environment-creation-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/respond.js';
import { parseRequest } from '../validation/parse-request.js';
import { createEnvironmentSchema } from '../validation/request-schemas.js';
import type { RouteHandler } from './agent-context.js';
import { refuseLauncherDocument } from './refuse-launcher-document.js';
import { withAbsoluteLocalPaths } from '../validation/absolute-local-paths.js';

/** `POST /v1/envs`: create or get an environment for an owner, waiting for it or not. */
export const createEnvironmentRoute: RouteHandler = async (scope, agent) => {
  const body = parseRequest(createEnvironmentSchema, await readJsonBody(scope.request, agent.maxBodyBytes), 'body');
  const document = withAbsoluteLocalPaths(agent.manager, body.runtimeEnv as CreateCall['document'], body.baseDirectory);
  const call: CreateCall = { document, owner: body.owner, requestId: scope.requestId };
  if (body.leaseSeconds !== undefined) call.leaseSeconds = body.leaseSeconds;
  if (body.refuseLauncher === true) refuseLauncherDocument(agent.manager, call.document);
  if (body.retry === true) call.retry = true;

  let creation: Promise<EnvironmentHandle>;
  if (body.wait === false) {
    const { id } = await agent.manager.resolve(call.document);
    creation = agent.coordinator.getOrCreate(call);
    if (!(await settlesWithinOneTurn(creation))) {
      // Its failure is recorded on the environment and streamed on /events.
      creation.catch(() => undefined);
      agent.coordinator.announce(id, creation);
      agent.feed.noteChange(id);
      const pending: PendingEnvironmentResponse = { environment: { id, state: 'creating' }, eventsPath: `${API_PREFIX}/envs/${id}/events` };
      sendJson(scope.response, 202, pending, scope.requestId, { location: `${API_PREFIX}/envs/${id}` });
      return;
    }
  } else {
    creation = agent.coordinator.getOrCreate(call);
  }

  let handle: EnvironmentHandle;
  try {
    handle = await creation;
  } catch (error) {
    const failure = await withEnvironmentId(error, call, agent.manager);
    if (failure instanceof EnvironmentCreationError) agent.feed.noteChange(failure.environmentId);
    throw failure;
  }
  agent.feed.noteChange(handle.id, handle.cached ? 'used' : 'changed');
  // Not `handle.record`: building the full record costs more than the whole cached path.
  const ready: ReadyEnvironmentResponse = { environment: { id: handle.id, state: 'ready' }, context: handle.context, cached: handle.cached };
  sendJson(scope.response, 200, ready, scope.requestId);
};

/** Whether the call settles within one turn of the event loop (a cached environment or a remembered failure). */
async function settlesWithinOneTurn(creation: Promise<EnvironmentHandle>): Promise<boolean> {
  const nextTurn = new Promise<false>((resolve) => setImmediate(() => resolve(false)));
  return Promise.race([
    creation.then(
      () => true,
      () => true,
    ),
    nextTurn,
  ]);
}

async function withEnvironmentId(error: unknown, call: CreateCall, manager: RuntimeEnvManager): Promise<unknown> {
  if (!RuntimeEnvError.isInstance(error) || ValidationError.isInstance(error)) return error;
  try {
    const { id } = await manager.resolve(call.document);
    return new EnvironmentCreationError(id, error);
  } catch {
    return error;
  }
}
