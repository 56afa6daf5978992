import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';
import { requireJsonContentType } from './json-media-type.js';

/** Past this many discarded bytes of a refused body the connection is cut instead of drained. */
const MAXIMUM_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads and parses a JSON body of at most `limitBytes`. An empty body gives
 * `undefined`. A body over the limit is refused with 413 as soon as that is
 * known; what remains is drained so the answer reaches the client, or the socket
 * is cut when a client keeps sending far past the limit.
 */
export function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  try {
    requireJsonContentType(request);
  } catch (error) {
    request.resume();
    return Promise.reject(error);
  }
  const declaredLength = request.headers['content-length'];
  if (declaredLength !== undefined && Number(declaredLength) > limitBytes) {
    drainOrCut(request);
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      received += chunk.length;
      if (received > limitBytes) {
        refused = true;
        chunks.length = 0;
        drainOrCut(request, received);
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      if (received === 0) return resolve(undefined);
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message.slice(0, 200)}`));
      }
    });
    request.on('error', (error) => {
      if (!refused) reject(new HttpError(400, 'request_aborted', `the request body could not be read: ${error.message}`));
    });
  });
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'body_too_large', `the body is larger than ${limitBytes} bytes (the agent's maxBodyBytes limit)`, {
    hint: 'runtime_env documents are small; send paths or URIs, not file contents (or raise --max-body-bytes)',
    headers: { connection: 'close' },
  });
}

function drainOrCut(request: IncomingMessage, alreadyReceived = 0): void {
  let drained = alreadyReceived;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAXIMUM_DRAIN_BYTES) request.socket.destroy();
  });
  request.resume();
}
