import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

/** Where an artifact (wheel or sdist) was found, and its verified sha256. */
export interface LocalArtifact {
  path: string;
  sha256: string;
  /** Bytes fetched over the network for it (0 for a `file://` URL or a cached copy). */
  downloadedBytes: number;
}

export class ArtifactHashMismatch extends Error {}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}

export interface FetchRequest {
  url: string;
  /** Hex sha256 the index published; the artifact is refused when it differs. Absent: computed and returned. */
  sha256?: string;
  /** `<plugin>/artifact-cache`: downloaded artifacts by sha256, shared by every environment. */
  cacheDirectory: string;
  signal: AbortSignal;
  /** Called with the bytes received so far, for byte-accurate progress. */
  onBytes?: (bytesDone: number, bytesTotal: number | undefined) => void;
}

/**
 * The artifact pip resolved, as a local file whose sha256 was checked: a
 * `file://` URL is read where it is (nothing copied); an `http(s)` one is taken
 * from the shared cache, or downloaded into it once (written beside, checked,
 * then renamed in, so the cache never holds a partial or wrong file).
 */
export async function fetchArtifact(request: FetchRequest): Promise<LocalArtifact> {
  const url = new URL(request.url);
  url.hash = '';
  const fileName = artifactFileNameOf(url);
  if (url.protocol === 'file:') {
    const path = fileURLToPath(url);
    const actual = await sha256OfFile(path);
    checkHash(request, actual);
    return { path, sha256: actual, downloadedBytes: 0 };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`cannot fetch ${url.protocol} URLs`);
  if (request.sha256) {
    const cached = join(request.cacheDirectory, request.sha256.slice(0, 2), request.sha256, fileName);
    if (
      await stat(cached).then(
        (stats) => stats.isFile(),
        () => false,
      )
    )
      return { path: cached, sha256: request.sha256, downloadedBytes: 0 };
  }
  const response = await fetch(url, { signal: request.signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url.origin}${url.pathname} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '');
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  await mkdir(request.cacheDirectory, { recursive: true });
  const partial = join(request.cacheDirectory, `.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  const hash = createHash('sha256');
  let received = 0;
  try {
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      received += chunk.length;
      request.onBytes?.(received, total);
    });
    await pipeline(body, createWriteStream(partial), { signal: request.signal });
    const actual = hash.digest('hex');
    checkHash(request, actual);
    const destination = join(request.cacheDirectory, actual.slice(0, 2), actual, fileName);
    await mkdir(join(request.cacheDirectory, actual.slice(0, 2), actual), { recursive: true });
    await rename(partial, destination);
    return { path: destination, sha256: actual, downloadedBytes: received };
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * The file name the URL ends with, decoded, as the one path component the cache
 * files it under. The index is untrusted: an encoded `..%2F..%2Fx.whl` decodes to
 * a path that would leave the cache, so anything but a plain name is refused.
 */
export function artifactFileNameOf(url: URL): string {
  let fileName: string;
  try {
    fileName = decodeURIComponent(basename(url.pathname));
  } catch {
    fileName = '';
  }
  if (fileName === '' || fileName === '.' || fileName === '..' || /[/\\\0]/.test(fileName)) {
    throw new Error(`the index links to ${url.origin}${url.pathname}, whose file name is not a plain file name: refused`);
  }
  return fileName;
}

function checkHash(request: FetchRequest, actual: string): void {
  if (request.sha256 && request.sha256.toLowerCase() !== actual) {
    const url = new URL(request.url);
    throw new ArtifactHashMismatch(
      `${basename(url.pathname)} has sha256 ${actual}, but the index published ${request.sha256}: refused (the file was changed or corrupted)`,
    );
  }
}
