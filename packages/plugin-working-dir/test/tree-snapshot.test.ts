import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalPackageStore, packDirectory, type PackDirectoryOptions } from '../src/index.js';
import { reuseSnapshot } from '../src/packing/tree-snapshot.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Stats taken within 100 ms of a change cannot vouch for a file (racily clean), so trees age a little before the first pack. */
const ageTree = () => sleep(250);

async function setUp() {
  const node = await makeNode();
  cleanups.push(node.cleanup);
  const tree = path.join(node.root, 'tree');
  const cacheDirectory = path.join(node.root, 'cache');
  await writeTree(tree, { 'main.py': 'print(1)', 'lib/util.py': 'X = 1', 'lib/.gitignore': '*.log\n', 'lib/debug.log': 'noise', 'data/big.bin': 'bytes' });
  await ageTree();
  const options = (extra: Partial<PackDirectoryOptions> = {}): PackDirectoryOptions => ({
    store: new LocalPackageStore(path.join(node.root, 'store')),
    digestCacheDirectory: cacheDirectory,
    ...extra,
  });
  const snapshotFile = async () => {
    const names = (await fs.readdir(cacheDirectory).catch(() => [] as string[])).filter((name) => name.endsWith('.snapshot.json'));
    return names.length === 1 ? path.join(cacheDirectory, names[0]!) : undefined;
  };
  /** Whether the stored snapshot still vouches for the tree, as the next pack would ask. */
  const snapshotHolds = async () => {
    const file = await snapshotFile();
    if (!file) return false;
    const { selection } = JSON.parse(await fs.readFile(file, 'utf8')) as { selection: string };
    return reuseSnapshot(file, selection, await fs.realpath(tree), '') !== undefined;
  };
  /** The URI computed from scratch, without any cache: what every pack must agree with. */
  const truth = async (extra: Partial<PackDirectoryOptions> = {}) => (await packDirectory(tree, { ...options(extra), digestCacheDirectory: undefined })).uri;
  return { node, tree, options, snapshotFile, snapshotHolds, truth };
}

describe('tree snapshots', () => {
  it('vouch for an unchanged tree, giving the same package', async () => {
    const setup = await setUp();
    const first = await packDirectory(setup.tree, setup.options());
    expect(await setup.snapshotHolds()).toBe(true);
    const again = await packDirectory(setup.tree, setup.options());
    expect(again).toMatchObject({ uri: first.uri, filesRead: 0, uploaded: false, fileCount: first.fileCount });
    expect(again.uri).toBe(await setup.truth());
  });

  it('write the package again from their digests when it left the store, byte for byte', async () => {
    const setup = await setUp();
    const first = await packDirectory(setup.tree, setup.options());
    const storeFile = fileURLToPath(first.uri);
    const bytes = await fs.readFile(storeFile);
    await fs.rm(storeFile);
    expect(await setup.snapshotHolds()).toBe(true);
    const again = await packDirectory(setup.tree, setup.options());
    expect(again).toMatchObject({ uri: first.uri, uploaded: true, filesRead: 0 });
    expect(await fs.readFile(storeFile)).toEqual(bytes);
  });

  it('still refuse a tree over the size cap, naming what is large', async () => {
    const setup = await setUp();
    await packDirectory(setup.tree, setup.options());
    expect(await setup.snapshotHolds()).toBe(true);
    await expect(packDirectory(setup.tree, setup.options({ maxPackageBytes: 10 }))).rejects.toMatchObject({
      code: 'package_too_large',
      message: expect.stringMatching(/largest files:[\s\S]*main\.py/),
    });
  });

  it.each([
    ['a file rewritten with the same size', async (tree: string) => fs.writeFile(path.join(tree, 'main.py'), 'print(2)')],
    ['a file added', async (tree: string) => fs.writeFile(path.join(tree, 'lib/new.py'), '')],
    ['a file removed', async (tree: string) => fs.rm(path.join(tree, 'lib/util.py'))],
    ['a file made executable', async (tree: string) => fs.chmod(path.join(tree, 'main.py'), 0o755)],
    ['an ignore file edited', async (tree: string) => fs.writeFile(path.join(tree, 'lib/.gitignore'), '*.txt\n')],
    ['a folder renamed', async (tree: string) => fs.rename(path.join(tree, 'data'), path.join(tree, 'datum'))],
  ])('stop vouching after %s, and the next pack matches a pack from scratch', async (_change, change) => {
    const setup = await setUp();
    const first = await packDirectory(setup.tree, setup.options());
    await change(setup.tree);
    expect(await setup.snapshotHolds()).toBe(false);
    const next = await packDirectory(setup.tree, setup.options());
    expect(next.uri).not.toBe(first.uri);
    expect(next.uri).toBe(await setup.truth());
  });

  it('belong to one selection: other excludes give their own package', async () => {
    const setup = await setUp();
    const all = await packDirectory(setup.tree, setup.options());
    const withoutData = await packDirectory(setup.tree, setup.options({ excludes: ['data/'] }));
    expect(withoutData.uri).not.toBe(all.uri);
    expect(withoutData.uri).toBe(await setup.truth({ excludes: ['data/'] }));
    expect((await packDirectory(setup.tree, setup.options())).uri).toBe(all.uri);
  });

  it('are not kept for trees with links or files that were still changing', async () => {
    const linked = await setUp();
    await fs.symlink(path.join(linked.tree, 'main.py'), path.join(linked.tree, 'alias.py'));
    await ageTree();
    await packDirectory(linked.tree, linked.options());
    expect(await linked.snapshotFile()).toBeUndefined();

    const fresh = await setUp();
    await fs.writeFile(path.join(fresh.tree, 'main.py'), 'print("just now")');
    await packDirectory(fresh.tree, fresh.options());
    expect(await fresh.snapshotFile()).toBeUndefined();
  });
});
