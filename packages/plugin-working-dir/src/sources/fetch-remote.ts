import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { SetupFailure, type ProgressUpdate } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { describeS3Error, parseS3Uri, s3ClientFor } from '../stores/s3-client.js';
import type { PackageReference } from '../uri/plugin-key.js';
import { transientFetchFailure } from '../working-dir-errors.js';
import { httpHeaders } from './http-auth.js';

function changedSinceResolved(location: string, detail: string): SetupFailure {
  return SetupFailure.permanent(`${location} changed after its URI was computed (${detail})`, {
    code: 'remote_changed',
    hint: 'resolve the runtime_env again so the new content gets its own URI',
  });
}

async function openStream(reference: PackageReference, options: WorkingDirOptions, signal?: AbortSignal): Promise<{ body: Readable; size?: number }> {
  const { location, identity } = reference;
  if (location.startsWith('file://')) {
    const filePath = fileURLToPath(location);
    const stats = await fs.stat(filePath).catch((error) => {
      throw SetupFailure.permanent(`${location} does not exist on this node`, {
        cause: error,
        code: 'remote_not_available',
        hint: 'a file:// URI must exist on every node',
      });
    });
    return { body: createReadStream(filePath, { highWaterMark: 1024 * 1024 }), size: stats.size };
  }
  if (location.startsWith('s3://')) {
    const { bucket, key } = parseS3Uri(location);
    const client = await s3ClientFor(options.s3);
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const result = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          IfMatch: identity.kind === 'etag' ? identity.value : undefined,
          VersionId: identity.kind === 'version' ? identity.value : undefined,
        }),
        { abortSignal: signal },
      );
      // Some S3-compatible servers ignore If-Match, so the answer is checked too.
      if (identity.kind === 'etag' && result.ETag !== identity.value) {
        (result.Body as Readable).destroy();
        throw changedSinceResolved(location, `ETag ${result.ETag}, expected ${identity.value}`);
      }
      return { body: result.Body as Readable, size: result.ContentLength };
    } catch (error) {
      if (SetupFailure.isInstance(error)) throw error;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412) throw changedSinceResolved(location, `ETag is no longer ${identity.value}`);
      const described = describeS3Error('download', location, error);
      throw status !== undefined && status >= 500 ? transientFetchFailure(`downloading ${location}`, described) : described;
    }
  }
  const headers = httpHeaders(options);
  if (identity.kind === 'etag' && identity.value.startsWith('"')) headers['if-match'] = identity.value;
  let response: Response;
  try {
    response = await fetch(location, { headers, signal, redirect: 'follow' });
  } catch (error) {
    throw transientFetchFailure(`downloading ${location}`, error);
  }
  if (response.status === 412) throw changedSinceResolved(location, `ETag is no longer ${identity.value}`);
  if (!response.ok || !response.body) {
    const message = `downloading ${location} answered HTTP ${response.status}`;
    throw response.status >= 500 || response.status === 429
      ? SetupFailure.transient(message, { code: 'package_fetch_failed' })
      : SetupFailure.permanent(message, {
          code: 'remote_not_available',
          hint: response.status === 401 || response.status === 403 ? 'set httpBearerToken or httpBearerTokenEnv' : 'check the URL',
        });
  }
  const etag = response.headers.get('etag');
  if (identity.kind === 'etag' && identity.value.startsWith('"') && etag && etag !== identity.value) {
    throw changedSinceResolved(location, `ETag ${etag}, expected ${identity.value}`);
  }
  const length = Number(response.headers.get('content-length'));
  return {
    body: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    size: Number.isFinite(length) && length > 0 ? length : undefined,
  };
}

/**
 * Streams a remote object to `destination` (never whole in memory), reporting
 * progress, and checks the bytes against a `sha256` identity on the way.
 */
export async function fetchRemote(
  reference: PackageReference,
  destination: string,
  options: WorkingDirOptions,
  context: { signal?: AbortSignal; progress?: (update: ProgressUpdate) => void },
): Promise<void> {
  const { body, size } = await openStream(reference, options, context.signal);
  const hash = createHash('sha256');
  let bytesDone = 0;
  let lastReport = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytesDone += chunk.length;
      if (bytesDone - lastReport >= 8 * 1024 * 1024) {
        lastReport = bytesDone;
        context.progress?.({ phase: 'downloading', message: reference.location, bytesDone, bytesTotal: size });
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(destination), { signal: context.signal });
  } catch (error) {
    await fs.rm(destination, { force: true });
    if (context.signal?.aborted) throw error;
    throw transientFetchFailure(`downloading ${reference.location}`, error);
  }
  if (reference.identity.kind === 'sha256') {
    const actual = hash.digest('hex');
    if (actual !== reference.identity.value) {
      await fs.rm(destination, { force: true });
      throw changedSinceResolved(reference.location, `SHA-256 ${actual}, expected ${reference.identity.value}`);
    }
  }
}
