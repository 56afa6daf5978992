import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateResult } from '@runtime-env/core';
import { parseKey, workingDirPlugin } from '../src/index.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function newNode(options: Record<string, unknown> = {}) {
  const node = await makeNode(options);
  cleanups.push(node.cleanup);
  return node;
}

describe('the lifetime of a local store package', () => {
  it('stays while another URI made from it remains, and goes with the last one', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print("hi")\n' });
    const spec = workingDirPlugin.schema.parse(source);
    const [key] = (await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec }))).keys;
    // Two versions of the package make two URIs of one key: two users of one store object.
    const uris = ['0.1.0', '9.9.9'].map((version) => `working_dir://@runtime-env/plugin-working-dir@${version}/${key!}`);
    const packageFile = fileURLToPath(parseKey(key!).location);

    const made: { uri: string; directory: string; result: CreateResult }[] = [];
    for (const each of uris) {
      const context = { ...(await node.createContext(key!)), uri: each };
      const result = (await workingDirPlugin.create!(spec, context)) as CreateResult;
      made.push({ uri: each, directory: context.directory, result });
    }
    const packageBytes = statSync(packageFile).size;
    expect(made[0]!.result.sizeBytes).toBeGreaterThanOrEqual(packageBytes);

    const deleteContext = (entry: (typeof made)[number]) => ({ ...node.hashContext(), directory: entry.directory, details: entry.result.details });
    const firstFreed = await workingDirPlugin.delete!(undefined as never, { ...deleteContext(made[0]!), uri: made[0]!.uri, key: key! });
    expect(existsSync(packageFile)).toBe(true);
    expect(firstFreed).toBe(made[0]!.result.details!.contentBytes);

    const lastFreed = await workingDirPlugin.delete!(undefined as never, { ...deleteContext(made[1]!), uri: made[1]!.uri, key: key! });
    expect(existsSync(packageFile)).toBe(false);
    expect(lastFreed).toBe((made[1]!.result.details!.contentBytes as number) + packageBytes);
  });

  it('keeps a package that hash counted on, when a collection comes between hash and create', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print("hi")\n' });
    const spec = workingDirPlugin.schema.parse(source);
    // Another version's URI of the same key: the only created user, made and collected while this one has only hashed.
    const [key] = (await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec }))).keys;
    const otherUri = `working_dir://@runtime-env/plugin-working-dir@9.9.9/${key!}`;
    const [hashedOnly] = (await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec }))).keys;
    const packageFile = fileURLToPath(parseKey(hashedOnly!).location);
    const context = { ...(await node.createContext(key!)), uri: otherUri };
    const result = (await workingDirPlugin.create!(spec, context)) as CreateResult;
    await workingDirPlugin.delete!(undefined as never, {
      ...node.hashContext(),
      directory: context.directory,
      details: result.details,
      uri: otherUri,
      key: key!,
    });
    expect(existsSync(packageFile)).toBe(true);
    // The hashed URI is then created from it, and is its last user.
    const later = await node.createContext(hashedOnly!);
    const made = (await workingDirPlugin.create!(spec, later)) as CreateResult;
    await workingDirPlugin.delete!(undefined as never, {
      ...node.hashContext(),
      directory: later.directory,
      details: made.details,
      uri: later.uri,
      key: hashedOnly!,
    });
    expect(existsSync(packageFile)).toBe(false);
  });

  it('lets an expectation that no creation followed lapse', async () => {
    const { PackageUsers, EXPECTED_USE_GRACE_MS } = await import('../src/stores/package-users.js');
    const node = await newNode();
    const packageFile = path.join(node.root, 'store', 'pkg_x.tar');
    await writeTree(path.dirname(packageFile), { 'pkg_x.tar': 'package bytes' });
    const users = new PackageUsers(path.join(node.root, 'plugin'), packageFile);
    await users.expect('only-hashed');
    await users.add('working_dir://1/made', 'made');
    expect(await users.release('working_dir://1/made')).toBe(0);
    expect(existsSync(packageFile)).toBe(true);
    await users.add('working_dir://1/made', 'made');
    expect(await users.release('working_dir://1/made', Date.now() + EXPECTED_USE_GRACE_MS + 1000)).toBe('package bytes'.length);
    expect(existsSync(packageFile)).toBe(false);
  });

  it('is shared by working_dir and py_modules URIs made from one package', async () => {
    const { pyModulesPlugin } = await import('../src/index.js');
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print("hi")\n' });
    const spec = workingDirPlugin.schema.parse(source);
    const [workingDirUri] = (await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec }))).keys;
    const location = parseKey(workingDirUri!).location;
    const moduleSpec = pyModulesPlugin.schema.parse([location]);
    const [moduleUri] = (await pyModulesPlugin.hash(moduleSpec, node.hashContext({ py_modules: moduleSpec }))).keys;
    const made: [string, typeof workingDirPlugin | typeof pyModulesPlugin, unknown, { directory: string; uri: string }, CreateResult][] = [];
    for (const [uri, plugin, pluginSpec] of [
      [workingDirUri!, workingDirPlugin, spec],
      [moduleUri!, pyModulesPlugin, moduleSpec],
    ] as const) {
      // One key, two fields: the core makes two URIs of it.
      const context = { ...(await node.createContext(uri)), uri: `${plugin.name}://${uri}` };
      made.push([uri, plugin, pluginSpec, context, (await plugin.create!(pluginSpec as never, context as never)) as CreateResult]);
    }
    const packageFile = fileURLToPath(location);
    const [first, second] = made;
    await first![1].delete!(
      undefined as never,
      { ...node.hashContext(), directory: first![3].directory, details: first![4].details, uri: first![3].uri, key: first![0] } as never,
    );
    expect(existsSync(packageFile)).toBe(true);
    await second![1].delete!(
      undefined as never,
      { ...node.hashContext(), directory: second![3].directory, details: second![4].details, uri: second![3].uri, key: second![0] } as never,
    );
    expect(existsSync(packageFile)).toBe(false);
  });

  it('never deletes from an S3 store, whose packages other nodes may use', async () => {
    const node = await newNode({ store: 's3://shared-bucket/packages', s3: { endpoint: 'http://127.0.0.1:9' } });
    const digest = 'a'.repeat(64);
    const uri = `working_dir://0.1.0/s3://shared-bucket/packages/pkg_${digest}.tar#tree=${digest}`;
    const freed = await workingDirPlugin.delete!(undefined as never, {
      ...{ ...node.hashContext(), directory: node.root, details: { contentBytes: 10 } },
      uri: uri,
      key: uri,
    });
    expect(freed).toBe(10);
  });
});
