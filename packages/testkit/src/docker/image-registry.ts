import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runDockerCommand } from './run-docker-command.js';

export interface ImageRegistryOptions {
  /** When set, every request needs HTTP basic auth with these credentials (as private registries do). */
  credentials?: { username: string; password: string };
  /**
   * Holds every layer download this long, to make pulls slow enough to abort or
   * time out. Manifests and image configs are served at once, so resolving a tag
   * (`docker manifest`, the Engine's distribution endpoint) stays fast.
   */
  layerDelayMs?: number;
}

export interface ImageRegistry {
  /** `127.0.0.1:<port>`: the Engine trusts loopback registries over plain HTTP. */
  readonly host: string;
  /** `<host>/<repository:tag>`, the name to pull. */
  reference(repositoryAndTag: string): string;
  /** Publishes a local image under `repository:tag` (again to move the tag); returns the manifest digest. */
  publish(repositoryAndTag: string, localImage: string): Promise<{ digest: string }>;
  /** Every request served, for tests that observe what a client did. */
  readonly requests: readonly { method: string; path: string }[];
  close(): Promise<void>;
}

const manifestMediaType = 'application/vnd.docker.distribution.manifest.v2+json';

/**
 * A read-only Docker registry (distribution API v2) on loopback, serving images
 * the test exported from the local Engine. Real `docker pull` works against it,
 * which is how tests exercise pulling, digests and moving tags without the internet.
 */
export async function serveImageRegistry(options: ImageRegistryOptions = {}): Promise<ImageRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; digest: string }>();
  const layerDigests = new Set<string>();
  const requests: { method: string; path: string }[] = [];

  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? 'GET', path: request.url ?? '' });
    if (options.credentials && !isAuthorized(request, options.credentials)) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="runtime-env test registry"', 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const isLayer = [...layerDigests].some((digest) => (request.url ?? '').endsWith(`/blobs/${digest}`));
    if (isLayer && options.layerDelayMs) {
      const timer = setTimeout(() => serveRequest(request, response, blobs, manifests), options.layerDelayMs);
      response.once('close', () => clearTimeout(timer));
      return;
    }
    serveRequest(request, response, blobs, manifests);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    host,
    requests,
    reference: (repositoryAndTag) => `${host}/${repositoryAndTag}`,
    async publish(repositoryAndTag, localImage) {
      const [repository, tag = 'latest'] = splitRepositoryAndTag(repositoryAndTag);
      const manifest = await exportImage(localImage, blobs, layerDigests);
      manifests.set(`${repository}:${tag}`, manifest);
      manifests.set(`${repository}@${manifest.digest}`, manifest);
      return { digest: manifest.digest };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveRequest(
  request: IncomingMessage,
  response: ServerResponse,
  blobs: Map<string, Buffer>,
  manifests: Map<string, { body: Buffer; digest: string }>,
): void {
  const headers = { 'Docker-Distribution-API-Version': 'registry/2.0' };
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (path === '/v2/' || path === '/v2') {
    response.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
    response.end('{}');
    return;
  }
  const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
  const [, repository, kind, reference] = match ?? [];
  if (!repository || !reference) return sendError(response, 404, 'NAME_UNKNOWN', `no route ${path}`);
  if (kind === 'manifests') {
    const separator = reference.startsWith('sha256:') ? '@' : ':';
    const manifest = manifests.get(`${repository}${separator}${reference}`);
    if (!manifest) return sendError(response, 404, 'MANIFEST_UNKNOWN', `manifest unknown: ${repository}${separator}${reference}`);
    response.writeHead(200, {
      ...headers,
      'Content-Type': manifestMediaType,
      'Docker-Content-Digest': manifest.digest,
      'Content-Length': manifest.body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : manifest.body);
    return;
  }
  const blob = blobs.get(reference);
  if (!blob) return sendError(response, 404, 'BLOB_UNKNOWN', `blob unknown: ${reference}`);
  response.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': reference, 'Content-Length': blob.length });
  response.end(request.method === 'HEAD' ? undefined : blob);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' });
  response.end(JSON.stringify({ errors: [{ code, message }] }));
}

function isAuthorized(request: IncomingMessage, credentials: { username: string; password: string }): boolean {
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return request.headers.authorization === expected;
}

function splitRepositoryAndTag(repositoryAndTag: string): [string, string | undefined] {
  const colon = repositoryAndTag.lastIndexOf(':');
  return colon > repositoryAndTag.lastIndexOf('/') ? [repositoryAndTag.slice(0, colon), repositoryAndTag.slice(colon + 1)] : [repositoryAndTag, undefined];
}

/** `docker save`s an image and turns it into registry blobs plus a schema-2 manifest. */
async function exportImage(localImage: string, blobs: Map<string, Buffer>, layerDigests: Set<string>): Promise<{ body: Buffer; digest: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'rtenv-registry-'));
  try {
    const archive = join(directory, 'image.tar');
    await runDockerCommand(['save', '--output', archive, localImage]);
    execFileSync('tar', ['-x', '-f', archive, '-C', directory]);
    const [saved] = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
    if (!saved) throw new Error(`docker save ${localImage} wrote no manifest`);
    const config = addBlob(blobs, readFileSync(join(directory, saved.Config)));
    const layers = saved.Layers.map((layer) => addBlob(blobs, gzipSync(readFileSync(join(directory, layer)), { level: 1 })));
    for (const layer of layers) layerDigests.add(layer.digest);
    const manifest = {
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
      layers: layers.map((layer) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer })),
    };
    const body = Buffer.from(JSON.stringify(manifest));
    return { body, digest: sha256Digest(body) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function addBlob(blobs: Map<string, Buffer>, content: Buffer): { size: number; digest: string } {
  const digest = sha256Digest(content);
  blobs.set(digest, content);
  return { size: content.length, digest };
}

function sha256Digest(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}
