import { maskUrlCredentialsIn, type EnvironmentRecord } from '@runtime-env/core';
import type { EnvironmentStreamEvent, ProgressEventView } from '@runtime-env/client';
import type { RouteHandler } from './agent-context.js';
import { decodeIdentifier } from '../http/path-identifiers.js';
import { lookUpEnvironment } from './environment-lookup.js';

/** How often the stream checks whether a creation it cannot see (another process's) finished. */
const STATE_POLL_MS = 250;
const HEARTBEAT_MS = 15_000;

type StateEvent = Extract<EnvironmentStreamEvent, { type: 'state' }>;

/**
 * `GET /v1/envs/{id}/events`: Server-Sent Events. First the progress already seen,
 * then each new step (`event: progress`), and last `event: state` once the
 * environment is `ready` or `failed`, after which the stream ends. It also ends,
 * the state still `creating`, when the process creating it died (another process
 * sharing the data directory, killed): nobody would ever finish it.
 */
export const environmentEventsRoute: RouteHandler = (scope, agent) => {
  // A creation answered with 202 may not be recorded by the core yet; it can be followed all the same.
  const announcedId = decodeIdentifier(scope.segments[0] ?? '', 'environment id');
  const announced = agent.coordinator.announcedCreation(announcedId);
  const environmentId = announced === undefined ? lookUpEnvironment(scope, agent).id : announcedId;
  const { response } = scope;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': scope.requestId, 'x-accel-buffering': 'no' });
  let sequence = 0;
  const write = (event: string, data: unknown): void => {
    sequence += 1;
    response.write(`id: ${sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const sendProgress = (event: ProgressEventView): void => write('progress', event);

  const { history, unsubscribe } = agent.progress.subscribe(environmentId, sendProgress);
  history.forEach(sendProgress);

  let finished = false;
  const finish = (record: EnvironmentRecord | undefined): void => {
    if (finished) return;
    finished = true;
    unsubscribe();
    clearInterval(poll);
    clearInterval(heartbeat);
    agent.stopping.removeEventListener('abort', onStopping);
    if (record !== undefined) {
      const state: StateEvent['data'] = { id: record.id, state: record.state, ...(record.error ? { error: maskUrlCredentialsIn(record.error) } : {}) };
      write('state', state);
    }
    response.end();
  };
  const check = (): void => {
    const record = agent.manager.getEnvironment(environmentId);
    if (record === undefined && agent.coordinator.announcedCreation(environmentId) !== undefined) return;
    if (record === undefined || record.state !== 'creating' || record.creator?.alive === false) finish(record);
  };
  const onStopping = (): void => finish(undefined);
  const poll = setInterval(check, STATE_POLL_MS);
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
  agent.stopping.addEventListener('abort', onStopping);
  scope.request.on('close', () => finish(undefined));
  void announced?.then(check);
  check();
};
