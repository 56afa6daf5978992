import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves archives over HTTP on loopback with strong ETags (and If-Match), as a
 * CDN or artifact server would; paths under /private/ need a bearer token.
 */
export async function startArchiveServer(token: string) {
  const files = new Map<string, Buffer>();
  const slowPaths = new Set<string>();
  const seenAuthorization: string[] = [];
  const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    seenAuthorization.push(request.headers.authorization ?? '');
    if (request.url?.startsWith('/private/') && request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401).end();
    if (!body) return void response.writeHead(404).end();
    const etag = etagOf(body);
    const ifMatch = request.headers['if-match'];
    if (ifMatch && ifMatch !== etag) return void response.writeHead(412).end();
    response.writeHead(200, { etag, 'content-length': body.length, 'content-type': 'application/octet-stream' });
    if (request.method === 'HEAD') return void response.end();
    if (!slowPaths.has(request.url ?? '')) return void response.end(body);
    // A slow link: 16 KiB every 50 ms, so a download takes long enough to be aborted.
    let offset = 0;
    const timer = setInterval(() => {
      if (response.destroyed || offset >= body.length) {
        clearInterval(timer);
        return void response.end();
      }
      response.write(body.subarray(offset, offset + 16 * 1024));
      offset += 16 * 1024;
    }, 50);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seenAuthorization,
    serve(filePath: string, body: Buffer, options: { slow?: boolean } = {}) {
      files.set(filePath, body);
      if (options.slow) slowPaths.add(filePath);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
