import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDirPlugin, pyModulesPlugin, parseKey } from '../src/index.js';
import { startArchiveServer } from './support/archive-http-server.js';
import { makeNode } from './support/hook-context.js';
import { makeArchive } from './support/make-archive.js';

const token = 'secret-token-7f3a9';
let server: Awaited<ReturnType<typeof startArchiveServer>>;
let node: Awaited<ReturnType<typeof makeNode>>;

beforeAll(async () => {
  server = await startArchiveServer(token);
  node = await makeNode();
});
afterAll(async () => {
  await server?.close();
  await node?.cleanup();
});

async function build(plugin: typeof workingDirPlugin | typeof pyModulesPlugin, spec: never, uri: string) {
  const ctx = await node.createContext(uri);
  await plugin.create!(spec, { ...ctx, uri: uri, key: uri });
  return path.join(ctx.directory, 'content');
}

describe('remote archives over HTTP', () => {
  it('unwraps a single top-level folder of a .tar.gz', async () => {
    server.serve('/app.tar.gz', makeArchive('tar.gz', { 'app-1.0/main.py': 'A = 1', 'app-1.0/lib/util.py': 'U = 1' }));
    const source = `${server.url}/app.tar.gz`;
    const [uri] = (await workingDirPlugin.hash(source, node.hashContext({}))).keys;
    expect(parseKey(uri!)).toMatchObject({ location: source, identity: { kind: 'etag' } });
    const content = await build(workingDirPlugin, source as never, uri!);
    expect((await fs.readdir(content, { recursive: true })).sort()).toEqual(['lib', 'lib/util.py', 'main.py']);
  });

  it('keeps an archive without a single top-level folder as it is', async () => {
    server.serve('/flat.zip', makeArchive('zip', { 'main.py': 'A = 1', 'other/x.py': '' }));
    const source = `${server.url}/flat.zip`;
    const [uri] = (await workingDirPlugin.hash(source, node.hashContext({}))).keys;
    const content = await build(workingDirPlugin, source as never, uri!);
    expect((await fs.readdir(content)).sort()).toEqual(['main.py', 'other']);
  });

  it('gives a changed object (new ETag) a new URI and refuses to build the old one from new bytes', async () => {
    server.serve('/moving.zip', makeArchive('zip', { 'pkg/v.py': 'V = 1', README: '' }));
    const source = `${server.url}/moving.zip`;
    const [before] = (await pyModulesPlugin.hash([source], node.hashContext({}))).keys;
    expect((await pyModulesPlugin.hash([source], node.hashContext({}))).keys).toEqual([before]);
    server.serve('/moving.zip', makeArchive('zip', { 'pkg/v.py': 'V = 2', README: '' }));
    const [after] = (await pyModulesPlugin.hash([source], node.hashContext({}))).keys;
    expect(after).not.toBe(before);
    await expect(build(pyModulesPlugin, [source] as never, before!)).rejects.toThrow(/changed after its URI was computed/);
    const content = await build(pyModulesPlugin, [source] as never, after!);
    expect(await fs.readFile(path.join(content, 'pkg/v.py'), 'utf8')).toBe('V = 2');
  });

  it('sends the bearer token from the named variable and never logs it', async () => {
    server.serve('/private/app.zip', makeArchive('zip', { 'main.py': 'P = 1' }));
    const source = `${server.url}/private/app.zip`;
    await expect(Promise.resolve(workingDirPlugin.hash(source, node.hashContext({})))).rejects.toThrow(/HTTP 401[\s\S]*httpBearerToken/);
    const withToken = await makeNode({ httpBearerTokenEnv: 'TEST_ARCHIVE_TOKEN' });
    process.env.TEST_ARCHIVE_TOKEN = token;
    try {
      const [uri] = (await workingDirPlugin.hash(source, withToken.hashContext({}))).keys;
      const ctx = await withToken.createContext(uri!);
      await workingDirPlugin.create!(source, { ...ctx, uri: uri!, key: uri! });
      expect(await fs.readFile(path.join(ctx.directory, 'content/main.py'), 'utf8')).toBe('P = 1');
      expect(server.seenAuthorization).toContain(`Bearer ${token}`);
      expect(uri).not.toContain(token);
      expect(JSON.stringify(withToken.lines)).not.toContain(token);
    } finally {
      delete process.env.TEST_ARCHIVE_TOKEN;
      await withToken.cleanup();
    }
  });

  it('rejects a remote URI that is not an archive, naming the field', async () => {
    await expect(Promise.resolve(pyModulesPlugin.hash([`${server.url}/thing.exe`], node.hashContext({})))).rejects.toThrow(
      /must name an archive ending in .zip, .tar.gz, .tgz, .tar, .whl/,
    );
  });
});
