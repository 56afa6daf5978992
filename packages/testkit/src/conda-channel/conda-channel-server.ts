import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface ServedCondaChannel {
  /** The channel URL to put in `channels:` (`http://127.0.0.1:PORT/<name>`). */
  url: string;
  /** Paths requested so far, for tests that check what a client fetched. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves a channel directory over HTTP on loopback. Solvers need HTTP (rattler
 * does not read `file://` channels), and a real server also exercises their
 * handling of 404s for the compressed and sharded repodata variants they try first.
 */
export async function serveCondaChannel(
  directory: string,
  options: {
    name?: string;
    /** Package archives are never answered (repodata still is): a download that hangs, to test abort and timeouts. */
    stallArchives?: boolean;
  } = {},
): Promise<ServedCondaChannel> {
  const name = options.name ?? 'test-channel';
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const relative = normalize(path).replace(/^\/+/, '');
    if (!relative.startsWith(`${name}/`) || relative.includes('..')) {
      response.writeHead(404).end();
      return;
    }
    const file = join(directory, relative.slice(name.length + 1));
    if (options.stallArchives && /\.(conda|tar\.bz2)$/.test(file)) {
      // Headers go out so the client is mid-download, then nothing more until close.
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1 << 30 });
      response.write(Buffer.alloc(1024));
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
        response.writeHead(200, { 'content-type': type, 'content-length': info.size });
        if (request.method === 'HEAD') response.end();
        else createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${name}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
