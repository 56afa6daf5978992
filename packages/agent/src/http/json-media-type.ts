import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

// The type and subtype are case-insensitive; parameters such as `charset` may follow (RFC 9110, 8.3.1).
const jsonMediaType = /^[ \t]*application\/json[ \t]*(;.*)?$/is;

/**
 * Refuses with 415 a request whose body is not declared as JSON. A request with a
 * body must say what it is: a body without a content type is refused too, rather
 * than guessed at. A request without a body needs no content type.
 */
export function requireJsonContentType(request: IncomingMessage): void {
  const contentType = request.headers['content-type'];
  if (contentType === undefined ? !carriesBody(request) : jsonMediaType.test(contentType)) return;
  const given = contentType === undefined ? 'a body without a content type' : `content type "${contentType.slice(0, 100)}"`;
  throw new HttpError(415, 'unsupported_media_type', `the body must be JSON with content type application/json, not ${given}`, {
    hint: 'send the header `Content-Type: application/json`',
  });
}

function carriesBody(request: IncomingMessage): boolean {
  const declaredLength = request.headers['content-length'];
  if (declaredLength !== undefined) return declaredLength.trim() !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}
