import type { RouteHandler } from './agent-context.js';
import type { FeedMessage } from '../live/environment-feed.js';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: Server-Sent Events for the whole node, what the dashboard's
 * table follows. First `event: snapshot` with every environment's row, then
 * `upsert` (rows created or changed), `remove` (ids gone) and `progress` (a
 * creation's step, with its bytes) as they happen. It ends when the agent stops.
 */
export const agentEventsRoute: RouteHandler = (scope, agent) => {
  const { response } = scope;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': scope.requestId, 'x-accel-buffering': 'no' });
  let sequence = 0;
  const write = (event: string, data: unknown): void => {
    sequence += 1;
    response.write(`id: ${sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const send = (message: FeedMessage): void => {
    if (message.kind === 'progress') write('progress', message.event);
    else if (message.kind === 'upsert') write('upsert', { rows: message.rows });
    else write('remove', { ids: message.ids });
  };
  const { snapshot, unsubscribe } = agent.feed.subscribe(send);
  write('snapshot', { rows: snapshot });

  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    unsubscribe();
    clearInterval(heartbeat);
    agent.stopping.removeEventListener('abort', finish);
    response.end();
  };
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
  agent.stopping.addEventListener('abort', finish);
  scope.request.on('close', finish);
};
