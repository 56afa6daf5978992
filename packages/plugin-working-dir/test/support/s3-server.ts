import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3Client, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's fixed credentials. */
export const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A real S3 server on loopback with one bucket, plus a client the tests use to look at it independently. */
export async function startS3Server(bucket: string) {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const pluginS3Options = { endpoint, forcePathStyle: true, region: 'us-east-1', ...s3Credentials };
  const newClient = () =>
    new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: s3Credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  const client = newClient();
  return {
    endpoint,
    pluginS3Options,
    /** A client of its own, configured as the plugin's, for a test that watches what it sends. */
    newClient,
    async listKeys(prefix = ''): Promise<string[]> {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    },
    async putObject(key: string, body: Buffer): Promise<void> {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
