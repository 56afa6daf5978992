import type { ServerResponse } from 'node:http';

/** Sends a JSON answer. The body is serialized once and its length sent, so keep-alive works without chunking. */
export function sendJson(response: ServerResponse, status: number, body: unknown, requestId: string, headers?: Record<string, string>): void {
  const payload = JSON.stringify(body);
  if (headers === undefined) {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-request-id': requestId });
  } else {
    response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-request-id': requestId });
  }
  response.end(payload);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType: string, requestId: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-request-id': requestId });
  response.end(text);
}
