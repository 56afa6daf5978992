import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';

export interface S3FileUpload {
  bucket: string;
  key: string;
  localFile: string;
  size: number;
  partBytes: number;
  signal?: AbortSignal;
}

/**
 * Uploads a file with the SDK's `Upload`: one PUT when it fits in a part, else a
 * multipart upload read from disk part by part (at most a few parts in memory,
 * never the whole package). The object appears only when the upload completes; a
 * failure or the signal aborts the multipart upload, so no parts stay billed.
 */
export async function uploadFileToS3(client: S3Client, upload: S3FileUpload): Promise<void> {
  upload.signal?.throwIfAborted();
  // Loaded here, like the client: users without an S3 store never load the SDK.
  const { Upload } = await import('@aws-sdk/lib-storage');
  const abortController = new AbortController();
  const abort = () => abortController.abort();
  upload.signal?.addEventListener('abort', abort, { once: true });
  const body = createReadStream(upload.localFile);
  try {
    await new Upload({
      client,
      abortController,
      partSize: upload.partBytes,
      leavePartsOnError: false,
      params: { Bucket: upload.bucket, Key: upload.key, Body: body, ContentLength: upload.size },
    }).done();
  } finally {
    upload.signal?.removeEventListener('abort', abort);
    body.destroy();
  }
}
