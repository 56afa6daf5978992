import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { basename } from 'node:path';
import { normalizeProjectName } from '../wheels/python-names.js';
import { projectPage, rootPage, type IndexedFile } from './simple-index-pages.js';

/** A distribution file the index serves (a `BuiltWheel` from `buildWheel` fits). */
export interface IndexFile {
  fileName: string;
  data: Buffer;
  /** Hex sha256; computed when absent. */
  sha256?: string;
  requiresPython?: string;
}

export interface PythonIndexOptions {
  /** Files served from the start. */
  files?: readonly IndexFile[];
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
}

export interface PythonIndex {
  /** `http://127.0.0.1:PORT/simple/`, for `pip install --index-url`. */
  readonly url: string;
  /** Every request path served, in order (to check what pip asked for, and how often). */
  readonly requests: readonly string[];
  /** Publishes one more file (a new version appears at once). */
  add(file: IndexFile): void;
  /** Reads a wheel or sdist from disk and publishes it. */
  addFromDisk(path: string, requiresPython?: string): Promise<void>;
  /** Requests for this project's page or files get no answer until `close` (to test timeouts). */
  stall(project: string): void;
  /** Answers this project's page and files with an HTTP status (503 to test transient failures). */
  failWith(project: string, status: number): void;
  /** How many requests named this project (its page or one of its files). */
  requestCount(project: string): number;
  close(): Promise<void>;
}

/** The project a wheel or sdist file belongs to, normalized (`My_Lib-1.0-py3-none-any.whl` is `my-lib`). */
export function projectOfFile(fileName: string): string {
  const withoutSuffix = fileName.replace(/(\.whl|\.tar\.gz|\.zip)$/, '');
  const name = fileName.endsWith('.whl') ? (withoutSuffix.split('-')[0] ?? '') : withoutSuffix.replace(/-[^-]+$/, '');
  return normalizeProjectName(name);
}

/**
 * Starts a PEP 503 "simple" package index on 127.0.0.1, serving files held in memory,
 * so tests never reach a public index: `pip install --index-url index.url NAME`.
 */
export async function startPythonIndex(options: PythonIndexOptions = {}): Promise<PythonIndex> {
  const filesByName = new Map<string, IndexFile & IndexedFile>();
  const requests: string[] = [];
  const stalled = new Set<string>();
  const failures = new Map<string, number>();
  const sockets = new Set<Socket>();

  const add = (file: IndexFile): void => {
    const sha256 = file.sha256 ?? createHash('sha256').update(file.data).digest('hex');
    filesByName.set(file.fileName, { ...file, sha256 });
  };
  for (const file of options.files ?? []) add(file);

  const filesOf = (project: string) => [...filesByName.values()].filter((file) => projectOfFile(file.fileName) === project);

  const respond = (response: ServerResponse, status: number, body: string | Buffer, type: string): void => {
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://index').pathname);
    requests.push(path);
    const projectMatch = /^\/simple\/([^/]+)\/?$/.exec(path);
    const fileMatch = /^\/files\/([^/]+)$/.exec(path);
    const project = projectMatch ? normalizeProjectName(projectMatch[1] as string) : fileMatch ? projectOfFile(fileMatch[1] as string) : undefined;
    if (project !== undefined && stalled.has(project)) return; // never answered; the socket is destroyed on close
    const failure = project === undefined ? undefined : failures.get(project);
    if (failure !== undefined) return respond(response, failure, `failing on purpose with ${failure}\n`, 'text/plain');

    if (path === '/simple/' || path === '/simple') {
      const projects = new Set([...filesByName.keys()].map(projectOfFile));
      return respond(response, 200, rootPage([...projects]), 'text/html');
    }
    if (projectMatch && project !== undefined) {
      // PEP 503: a non-normalized name redirects to the normalized URL.
      if (projectMatch[1] !== project) {
        response.writeHead(301, { location: `/simple/${project}/` });
        response.end();
        return;
      }
      const files = filesOf(project);
      if (files.length === 0) return respond(response, 404, `no project named ${project}\n`, 'text/plain');
      return respond(response, 200, projectPage(project, files), 'text/html');
    }
    if (fileMatch) {
      const file = filesByName.get(fileMatch[1] as string);
      if (file) return respond(response, 200, file.data, 'application/octet-stream');
    }
    respond(response, 404, `not found: ${path}\n`, 'text/plain');
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    add,
    async addFromDisk(path, requiresPython) {
      add({ fileName: basename(path), data: await readFile(path), ...(requiresPython ? { requiresPython } : {}) });
    },
    stall: (project) => void stalled.add(normalizeProjectName(project)),
    failWith: (project, status) => void failures.set(normalizeProjectName(project), status),
    requestCount: (project) => {
      const normalized = normalizeProjectName(project);
      return requests.filter((path) => {
        const pageMatch = /^\/simple\/([^/]+)\/?$/.exec(path);
        if (pageMatch) return normalizeProjectName(pageMatch[1] as string) === normalized;
        const fileMatch = /^\/files\/([^/]+)$/.exec(path);
        return fileMatch ? projectOfFile(fileMatch[1] as string) === normalized : false;
      }).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
