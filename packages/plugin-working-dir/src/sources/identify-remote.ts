import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { describeS3Error, parseS3Uri, s3ClientFor } from '../stores/s3-client.js';
import { storeObjectIdentity, type PackageReference } from '../uri/plugin-key.js';
import { httpHeaders } from './http-auth.js';

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function identifyHttp(uri: string, options: WorkingDirOptions, signal?: AbortSignal): Promise<PackageReference['identity']> {
  let response: Response;
  try {
    response = await fetch(uri, { method: 'HEAD', headers: httpHeaders(options), signal, redirect: 'follow' });
  } catch (error) {
    throw new RuntimeEnvError('remote_unreachable', `cannot reach ${uri}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check the URL and the network',
    });
  }
  if (!response.ok) {
    throw new RuntimeEnvError('remote_not_available', `HEAD ${uri} answered HTTP ${response.status}`, {
      hint:
        response.status === 401 || response.status === 403
          ? 'set the plugin option httpBearerToken or the variable it names (httpBearerTokenEnv)'
          : 'check the URL',
    });
  }
  const etag = response.headers.get('etag');
  if (etag) return { kind: 'etag', value: etag };
  const lastModified = response.headers.get('last-modified');
  const length = response.headers.get('content-length');
  if (lastModified && length) return { kind: 'etag', value: `${lastModified};${length}` };
  throw new RuntimeEnvError('remote_without_identity', `${uri} has no ETag or Last-Modified header, so a changed object could not be told apart`, {
    hint: 'serve it with an ETag, or give a content-addressed URI',
  });
}

/**
 * What the object behind a remote URI is right now, so a changed object gets a
 * new URI instead of reusing what the old one built (Ray caches by name only).
 */
export async function identifyRemote(uri: string, options: WorkingDirOptions, signal?: AbortSignal): Promise<PackageReference> {
  const storeIdentity = storeObjectIdentity(uri);
  if (storeIdentity) return { location: uri, identity: storeIdentity };
  if (uri.startsWith('file://')) {
    const filePath = fileURLToPath(uri);
    await fs.stat(filePath).catch((error) => {
      throw new RuntimeEnvError('remote_not_available', `${uri} does not exist on this machine`, {
        cause: error,
        hint: 'a file:// URI must exist on every node',
      });
    });
    return { location: uri, identity: { kind: 'sha256', value: await sha256OfFile(filePath) } };
  }
  if (uri.startsWith('s3://')) {
    const { bucket, key } = parseS3Uri(uri);
    const client = await s3ClientFor(options.s3);
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      if (head.VersionId && head.VersionId !== 'null') return { location: uri, identity: { kind: 'version', value: head.VersionId } };
      return { location: uri, identity: { kind: 'etag', value: head.ETag ?? '' } };
    } catch (error) {
      throw describeS3Error('look up', uri, error);
    }
  }
  return { location: uri, identity: await identifyHttp(uri, options, signal) };
}

export { sha256OfFile };
