import type { S3Client } from '@aws-sdk/client-s3';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { S3Options } from '../plugin-options.js';
import { withoutNodeVersionWarning } from './without-node-version-warning.js';

export interface S3Location {
  bucket: string;
  /** The key, or the key prefix of a store, without leading or trailing `/`. */
  key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`"${uri}" is not an s3:// URI`);
  return { bucket: match[1]!, key: match[2]!.replace(/\/+$/, '') };
}

const clients = new Map<string, Promise<S3Client>>();

/** One client per configuration, loaded on first use so users without S3 never load the SDK. */
export function s3ClientFor(options: S3Options | undefined): Promise<S3Client> {
  const key = JSON.stringify(options ?? {});
  let client = clients.get(key);
  if (!client) {
    client = import('@aws-sdk/client-s3').then(({ S3Client }) =>
      withoutNodeVersionWarning(
        () =>
          new S3Client({
            region: options?.region ?? process.env.AWS_REGION ?? 'us-east-1',
            endpoint: options?.endpoint,
            forcePathStyle: options?.forcePathStyle ?? false,
            // Without these, streamed uploads to S3-compatible servers are stored with aws-chunked framing.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
            credentials:
              options?.accessKeyId && options.secretAccessKey
                ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, sessionToken: options.sessionToken }
                : undefined,
          }),
      ),
    );
    clients.set(key, client);
  }
  return client;
}

const credentialErrors = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken', 'CredentialsProviderError']);

/** Turns an SDK error into one that says which object, what went wrong and what to do; never echoes credentials. */
export function describeS3Error(action: string, uri: string, error: unknown): RuntimeEnvError {
  const name = (error as { name?: string; Code?: string })?.name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (credentialErrors.has(name) || status === 403) {
    return new RuntimeEnvError('s3_access_denied', `S3 refused to ${action} ${uri} (${name}${status ? `, HTTP ${status}` : ''})`, {
      cause: error,
      hint: 'check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_PROFILE, or the plugin option s3.accessKeyId) and the bucket policy',
    });
  }
  if (name === 'NoSuchBucket' || name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new RuntimeEnvError('s3_not_found', `could not ${action} ${uri}: S3 has no such bucket or object (${name})`, {
      cause: error,
      hint: 'check the bucket and key, and that the store option points at the right endpoint',
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeEnvError('s3_request_failed', `could not ${action} ${uri}: ${name}: ${message}`, { cause: error });
}
