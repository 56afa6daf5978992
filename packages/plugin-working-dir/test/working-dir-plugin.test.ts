import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyLaunchContext, ValidationError } from '@runtime-env/core';
import { pyModulesPlugin, workingDirPlugin, packDirectory, LocalPackageStore } from '../src/index.js';
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

describe('working_dir with a local folder', () => {
  it('packs into the default store, creates the folder and points the process at it', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, {
      'main.py': 'print("hi")',
      'lib/helper.py': 'X = 1',
      'run.sh': { content: '#!/bin/sh\necho run', mode: 0o755 },
      '.git/HEAD': 'ref: refs/heads/main',
      '__pycache__/x.pyc': 'junk',
      'logs/a.log': 'log',
    });
    const spec = workingDirPlugin.schema.parse(source);
    const [uri] = (await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec, excludes: ['logs/'] }))).keys;
    expect(uri).toMatch(/^file:\/\/.*\/data\/packages\/pkg_[0-9a-f]{64}\.tar#tree=[0-9a-f]{64}$/);

    const createContext = await node.createContext(uri!);
    const result = await workingDirPlugin.create!(spec, { ...createContext, uri: uri!, key: uri! });
    const content = path.join(createContext.directory, 'content');
    const files = await fs.readdir(content, { recursive: true });
    expect(files.sort()).toEqual(['lib', 'lib/helper.py', 'main.py', 'run.sh']);
    expect((await fs.stat(path.join(content, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect((await fs.stat(path.join(content, 'main.py'))).mode & 0o777).toBe(0o644);
    expect(typeof result === 'number' ? result : result.sizeBytes).toBeGreaterThan(0);
    expect(await fs.readdir(createContext.directory)).toEqual(['content']);

    const context = emptyLaunchContext();
    context.pathPrepends.PYTHONPATH = ['/already/there'];
    const modifyContext = node.modifyContextContext();
    await workingDirPlugin.modifyContext!(spec, { ...modifyContext, uris: [uri!], context: context });
    await workingDirPlugin.modifyContext!(spec, { ...modifyContext, uris: [uri!], context: context });
    expect(context.workingDirectory).toBe(content);
    expect(context.pathPrepends.PYTHONPATH).toEqual([content, '/already/there']);
  });

  it('gives the same URI for the same content and a new one when a file changes', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'a.txt': 'one' });
    const hashOf = async () => (await workingDirPlugin.hash(source, node.hashContext({ working_dir: source }))).keys[0];
    const first = await hashOf();
    expect(await hashOf()).toBe(first);
    await fs.writeFile(path.join(source, 'a.txt'), 'two');
    expect(await hashOf()).not.toBe(first);
  });

  it('rejects a path that does not exist, naming the field', async () => {
    const node = await newNode();
    const missing = path.join(node.root, 'nope');
    const error = await Promise.resolve(workingDirPlugin.hash(missing, node.hashContext())).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'working_dir', code: 'path_not_found', plugin: 'working_dir' });
  });

  it('refuses local paths when the store is switched off, unless allowed', async () => {
    const node = await newNode({ store: null });
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'a.txt': 'one' });
    await expect(workingDirPlugin.hash(source, node.hashContext())).rejects.toThrow(/needs a package store/);
    const allowed = await newNode({ store: null, allowLocalPathsWithoutStore: true });
    const [uri] = (await workingDirPlugin.hash(source, allowed.hashContext())).keys;
    expect(uri).toContain('/plugins/working_dir/packages/pkg_');
  });
});

describe('field schemas', () => {
  it('rejects a string excludes as Ray does', () => {
    const result = workingDirPlugin.companionFields!.excludes!.safeParse('*.log');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/list of gitignore-style patterns/);
  });

  it('rejects a non-list py_modules and a non-string working_dir', () => {
    expect(pyModulesPlugin.schema.safeParse('mod').error?.issues[0]?.message).toMatch(/must be a list/);
    expect(workingDirPlugin.schema.safeParse(3).error?.issues[0]?.message).toMatch(/must be a string/);
  });

  it('validates git revisions only next to a git working_dir, one at a time', async () => {
    const node = await newNode();
    const ctx = (runtimeEnv: Record<string, unknown>) => ({ ...node.hashContext(), runtimeEnv });
    expect(() => workingDirPlugin.validate!('/tmp/x', ctx({ git_branch: 'main' }))).toThrow(/needs working_dir to be a git repository/);
    expect(() => workingDirPlugin.validate!('https://h/r.git', ctx({ git_branch: 'main', git_tag: 'v1' }))).toThrow(/only one of/);
    expect(() => workingDirPlugin.validate!('https://h/r.git', ctx({ git_branch: 'main' }))).not.toThrow();
  });
});

describe('py_modules', () => {
  it('packages a folder under its own name and a single .py file, before working_dir on PYTHONPATH', async () => {
    const node = await newNode();
    await writeTree(node.root, { 'src/mymod/__init__.py': 'VALUE = 42', 'single.py': 'X = 1' });
    const spec = pyModulesPlugin.schema.parse([path.join(node.root, 'src/mymod'), path.join(node.root, 'single.py')]);
    const uris = (await pyModulesPlugin.hash(spec, node.hashContext({ py_modules: spec }))).keys;
    expect(uris).toHaveLength(2);
    const directories: string[] = [];
    for (const uri of uris) {
      const ctx = await node.createContext(uri);
      await pyModulesPlugin.create!(spec, { ...ctx, uri: uri, key: uri });
      directories.push(path.join(ctx.directory, 'content'));
    }
    expect(await fs.readFile(path.join(directories[0]!, 'mymod/__init__.py'), 'utf8')).toBe('VALUE = 42');
    expect(await fs.readdir(directories[1]!)).toEqual(['single.py']);
    const context = emptyLaunchContext();
    context.pathPrepends.PYTHONPATH = ['/working/dir'];
    await pyModulesPlugin.modifyContext!(spec, { ...node.modifyContextContext(), uris: uris, context: context });
    expect(context.pathPrepends.PYTHONPATH).toEqual([...directories, '/working/dir']);
  });
});

describe('packDirectory', () => {
  it('writes the same bytes for the same files, whatever their times', async () => {
    const node = await newNode();
    const first = path.join(node.root, 'first');
    const second = path.join(node.root, 'second');
    await writeTree(first, { 'a/b.txt': 'same', 'c.txt': 'content' });
    await writeTree(second, { 'c.txt': 'content', 'a/b.txt': 'same' });
    await fs.utimes(path.join(second, 'c.txt'), 1000, 1000);
    const storeOne = new LocalPackageStore(path.join(node.root, 'store-one'));
    const storeTwo = new LocalPackageStore(path.join(node.root, 'store-two'));
    const packedOne = await packDirectory(first, { store: storeOne });
    const packedTwo = await packDirectory(second, { store: storeTwo });
    expect(packedOne.digest).toBe(packedTwo.digest);
    const name = `pkg_${packedOne.digest}.tar`;
    expect(Buffer.compare(await fs.readFile(path.join(storeOne.directory, name)), await fs.readFile(path.join(storeTwo.directory, name)))).toBe(0);
    expect((await packDirectory(first, { store: storeOne })).uploaded).toBe(false);
  });

  it('fails over the size cap naming the largest folders and files', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'big');
    await writeTree(source, { 'data/huge.bin': 'x'.repeat(5000), 'small.txt': 'x' });
    await expect(packDirectory(source, { store: new LocalPackageStore(path.join(node.root, 's')), maxPackageBytes: 1000 })).rejects.toThrow(
      /over the limit[\s\S]*data\/[\s\S]*data\/huge\.bin[\s\S]*hint: leave big folders out with "excludes"/,
    );
  });
});
