import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { HttpError } from '../http/http-error.js';
import type { RouteHandler } from './agent-context.js';
import { lookUpEnvironment } from './environment-lookup.js';

/** `GET /v1/envs/{id}/log`: the environment's setup log, as the core wrote it (secrets already masked). */
export const environmentLogRoute: RouteHandler = async (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  let size: number;
  try {
    size = (await stat(record.setupLogPath)).size;
  } catch {
    throw new HttpError(404, 'log_not_found', `environment "${record.id}" has no setup log yet`, {
      hint: 'the log is written when the environment is first created',
    });
  }
  scope.response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': size, 'x-request-id': scope.requestId });
  // The length was fixed above: a log still growing is sent up to that point.
  const stream = createReadStream(record.setupLogPath, { start: 0, end: Math.max(0, size - 1) });
  if (size === 0) {
    scope.response.end();
    stream.destroy();
    return;
  }
  stream.on('error', () => scope.response.destroy());
  stream.pipe(scope.response);
};
