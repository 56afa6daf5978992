import type { RouteHandler } from './agent-context.js';
import type { FeedFrame } from '../live/environment-feed.js';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: Server-Sent Events for the whole node, what the dashboard's
 * table follows. First `event: snapshot` with every environment's row, then
 * `upsert` (rows created or changed), `remove` (ids gone) and `progress` (a
 * creation's latest step per plugin, with its bytes), gathered a few times a second
 * (a used environment's new last-used time, once a second). It ends when the agent stops.
 */
export const agentEventsRoute: RouteHandler = (scope, agent) => {
  const { response } = scope;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': scope.requestId, 'x-accel-buffering': 'no' });
  let sequence = 0;
  const frameText = (event: string, data: string): string => {
    sequence += 1;
    return `id: ${sequence}\nevent: ${event}\ndata: ${data}\n\n`;
  };
  // A tick's frames, serialized once by the feed for every follower, go out in one write.
  const send = (frames: readonly FeedFrame[]): void => {
    let text = '';
    for (const frame of frames) text += frameText(frame.event, frame.data);
    response.write(text);
  };
  const { snapshot, unsubscribe } = agent.feed.subscribe(send);
  response.write(frameText('snapshot', JSON.stringify({ rows: snapshot })));

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
