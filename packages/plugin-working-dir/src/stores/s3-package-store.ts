import { promises as fs } from 'node:fs';
import type { S3Options } from '../plugin-options.js';
import type { PackageStore } from './package-store.js';
import { describeS3Error, parseS3Uri, s3ClientFor } from './s3-client.js';
import { uploadFileToS3 } from './s3-file-upload.js';

/** A bucket and prefix on S3 or any S3-compatible server (`s3` plugin options choose the endpoint). */
export class S3PackageStore implements PackageStore {
  readonly uri: string;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    uri: string,
    private readonly options: S3Options | undefined,
  ) {
    const location = parseS3Uri(uri);
    this.bucket = location.bucket;
    this.prefix = location.key;
    this.uri = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
  }

  private keyOf(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name;
  }

  uriOf(name: string): string {
    return `${this.uri}/${name}`;
  }

  async exists(name: string, signal?: AbortSignal): Promise<boolean> {
    const client = await s3ClientFor(this.options);
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      await client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name) }), { abortSignal: signal });
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw describeS3Error('look up', this.uriOf(name), error);
    }
  }

  async put(name: string, localFile: string, signal?: AbortSignal): Promise<void> {
    const client = await s3ClientFor(this.options);
    const size = (await fs.stat(localFile)).size;
    const partBytes = this.options?.multipartPartBytes ?? 16 * 1024 * 1024;
    try {
      await uploadFileToS3(client, { bucket: this.bucket, key: this.keyOf(name), localFile, size, partBytes, signal });
    } catch (error) {
      throw describeS3Error('upload', this.uriOf(name), error);
    } finally {
      await fs.rm(localFile, { force: true });
    }
  }
}
