import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The smart-HTTP URL of a bare repository `<root>/<name>` (`name` ends in `.git`). */
  repositoryUrl(name: string): string;
  close(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** The folder holding bare repositories. */
  root: string;
  /** `git`, or another binary with `http-backend`. */
  gitBinary?: string;
}

function splitCgiOutput(output: Buffer): { status: number; headers: [string, string][]; body: Buffer } {
  let separator = output.indexOf('\r\n\r\n');
  let separatorLength = 4;
  if (separator < 0) {
    separator = output.indexOf('\n\n');
    separatorLength = 2;
  }
  const head = output.subarray(0, Math.max(separator, 0)).toString('latin1');
  const headers: [string, string][] = [];
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
    else headers.push([name, value]);
  }
  return { status, headers, body: output.subarray(separator < 0 ? 0 : separator + separatorLength) };
}

/**
 * A real git smart-HTTP server on loopback: `git http-backend` run as CGI for each
 * request. Fetching any reachable commit by its id is allowed, as on the big
 * hosting services, so shallow clones of a pinned commit work.
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const gitBinary = options.gitBinary ?? 'git';
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const child = spawn(gitBinary, ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: options.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? 'GET',
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_ADDR: '127.0.0.1',
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: 'uploadpack.allowReachableSHA1InWant',
        GIT_CONFIG_VALUE_0: 'true',
        GIT_CONFIG_KEY_1: 'uploadpack.allowAnySHA1InWant',
        GIT_CONFIG_VALUE_1: 'true',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', (error) => {
      response.writeHead(500).end(`git http-backend could not start: ${error.message}`);
    });
    child.on('close', () => {
      if (response.headersSent) return;
      const { status, headers, body } = splitCgiOutput(Buffer.concat(chunks));
      response.writeHead(status, Object.fromEntries(headers));
      response.end(body.length > 0 ? body : Buffer.concat(errors));
    });
    request.pipe(child.stdin);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    repositoryUrl: (name) => `${url}/${name}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
