import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';

export interface MultipartUpload {
  bucket: string;
  key: string;
  localFile: string;
  size: number;
  partBytes: number;
  signal?: AbortSignal;
}

/**
 * Uploads a file in parts, each streamed from disk, so a package never sits in
 * memory whole. The object appears only when the upload completes; a failure
 * aborts the upload so no parts are left billed.
 */
export async function uploadMultipart(client: S3Client, upload: MultipartUpload): Promise<void> {
  const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand } = await import(
    '@aws-sdk/client-s3'
  );
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key }), {
    abortSignal: upload.signal,
  });
  const uploadId = created.UploadId!;
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, partNumber = 1; start < upload.size; start += upload.partBytes, partNumber += 1) {
      const end = Math.min(start + upload.partBytes, upload.size);
      const result = await client.send(
        new UploadPartCommand({
          Bucket: upload.bucket,
          Key: upload.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ContentLength: end - start,
          Body: createReadStream(upload.localFile, { start, end: end - 1 }),
        }),
        { abortSignal: upload.signal },
      );
      parts.push({ ETag: result.ETag!, PartNumber: partNumber });
    }
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      { abortSignal: upload.signal },
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}
