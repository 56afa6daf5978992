import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { workingDirPlugin, pyModulesPlugin, parseKey } from '../src/index.js';
import { makeNode, writeTree } from './support/hook-context.js';
import { startS3Server } from './support/s3-server.js';
import { uploadFileToS3 } from '../src/stores/s3-file-upload.js';
import { makeArchive } from './support/make-archive.js';

let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server('packages');
});
afterAll(() => s3?.close());

async function s3Node(extra: Record<string, unknown> = {}) {
  return makeNode({ store: 's3://packages/team', s3: { ...s3.pluginS3Options, multipartPartBytes: 5 * 1024 * 1024 }, ...extra });
}

describe('the S3 store (s3rver on loopback)', () => {
  it('uploads a packed folder once, skips it when present, and downloads it on create', async () => {
    const node = await s3Node();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print(1)', 'data/table.csv': 'a,b\n1,2\n' });
    const [uri] = (await workingDirPlugin.hash(source, node.hashContext({}))).keys;
    const { location, identity } = parseKey(uri!);
    expect(location).toBe(`s3://packages/team/pkg_${identity.value}.tar`);
    expect(await s3.listKeys('team/')).toEqual([`team/pkg_${identity.value}.tar`]);
    expect(node.lines.some((line) => line.message === 'uploaded package')).toBe(true);

    const second = await s3Node();
    expect((await workingDirPlugin.hash(source, second.hashContext({}))).keys).toEqual([uri]);
    expect(second.lines.some((line) => line.message === 'package already in store')).toBe(true);

    const ctx = await second.createContext(uri!);
    await workingDirPlugin.create!(source, { ...ctx, uri: uri!, key: uri! });
    expect(await fs.readFile(path.join(ctx.directory, 'content/data/table.csv'), 'utf8')).toBe('a,b\n1,2\n');
    await node.cleanup();
    await second.cleanup();
  });

  it('uploads a large package in parts and gets the same bytes back', async () => {
    const node = await s3Node();
    const source = path.join(node.root, 'large');
    const big = randomBytes(13 * 1024 * 1024);
    await fs.mkdir(source, { recursive: true });
    await fs.writeFile(path.join(source, 'weights.bin'), big);
    const [uri] = (await pyModulesPlugin.hash([source], node.hashContext({}))).keys;
    const ctx = await node.createContext(uri!);
    await pyModulesPlugin.create!([source], { ...ctx, uri: uri!, key: uri! });
    const copy = await fs.readFile(path.join(ctx.directory, 'content/large/weights.bin'));
    expect(createHash('sha256').update(copy).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'));
    await node.cleanup();
  });

  it('keys a user-given s3:// archive by its ETag, so a replaced object gets a new URI', async () => {
    const node = await s3Node();
    const makeZip = async (content: string) => makeArchive('zip', { 'app/main.py': content });
    await s3.putObject('uploads/app.zip', await makeZip('VERSION = 1'));
    const source = 's3://packages/uploads/app.zip';
    const [first] = (await workingDirPlugin.hash(source, node.hashContext({}))).keys;
    expect(parseKey(first!).identity.kind).toBe('etag');
    await s3.putObject('uploads/app.zip', await makeZip('VERSION = 2'));
    const [second] = (await workingDirPlugin.hash(source, node.hashContext({}))).keys;
    expect(second).not.toBe(first);

    const stale = await node.createContext(first!);
    await expect(workingDirPlugin.create!(source, { ...stale, uri: first!, key: first! })).rejects.toThrow(/changed after its URI was computed/);
    const fresh = await node.createContext(second!);
    await workingDirPlugin.create!(source, { ...fresh, uri: second!, key: second! });
    // A remote archive's single top-level folder is unwrapped, as in Ray.
    expect(await fs.readFile(path.join(fresh.directory, 'content/main.py'), 'utf8')).toBe('VERSION = 2');
    await node.cleanup();
  });

  it('says clearly when the credentials are wrong, without echoing the secret', async () => {
    const node = await makeNode({
      store: 's3://packages/team',
      s3: { ...s3.pluginS3Options, accessKeyId: 'WRONGKEY', secretAccessKey: 'not-the-secret-1234' },
    });
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print(1)' });
    const error = (await Promise.resolve(workingDirPlugin.hash(source, node.hashContext({}))).catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('s3_access_denied');
    expect(error.message).toMatch(/S3 refused to look up s3:\/\/packages\/team\/pkg_[0-9a-f]{64}\.tar \(.*HTTP 403\)[\s\S]*hint: check the credentials/);
    expect(error.message).not.toContain('not-the-secret-1234');
    await node.cleanup();
  });

  it('aborts a multipart upload when the signal fires, and publishes nothing', async () => {
    const node = await s3Node();
    const localFile = path.join(node.root, 'package.tar');
    const size = 13 * 1024 * 1024;
    await fs.writeFile(localFile, randomBytes(size));
    // The client is the observer here: s3rver does not implement listing or aborting multipart uploads.
    const client = s3.newClient();
    const sent: string[] = [];
    const controller = new AbortController();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName!);
        if (context.commandName === 'UploadPartCommand' && (args.input as { PartNumber?: number }).PartNumber === 2) controller.abort();
        return next(args);
      },
      { step: 'initialize' },
    );
    const upload = { bucket: 'packages', key: 'aborted/package.tar', localFile, size, partBytes: 5 * 1024 * 1024, signal: controller.signal };
    await expect(uploadFileToS3(client, upload)).rejects.toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(sent).toContain('AbortMultipartUploadCommand'));
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(await s3.listKeys('aborted/')).toEqual([]);
    client.destroy();
    await node.cleanup();
  });
});
