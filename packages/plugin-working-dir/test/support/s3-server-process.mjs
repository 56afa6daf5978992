// Runs s3rver (a real S3 server) on loopback in its own process, for tests in
// other packages: prints {"endpoint": ...} on one line, serves until killed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

const bucket = process.argv[2] ?? 'packages';
const directory = mkdtempSync(path.join(os.tmpdir(), 'rtenv-s3-process-'));
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })}\n`);
const stop = async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
