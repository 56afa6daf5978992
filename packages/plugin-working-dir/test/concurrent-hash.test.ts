import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { workingDirPlugin } from '../src/index.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Files written in the last 100 ms are not cached (racily clean), so the trees are left to age a little first. */
async function agedTrees(root: string, count: number): Promise<string[]> {
  const trees: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const tree = path.join(root, `project-${index}`);
    await writeTree(tree, { 'main.py': `print(${index})`, 'lib/helper.py': 'X = 1', [`only-in-${index}.txt`]: String(index) });
    trees.push(tree);
  }
  await sleep(250);
  return trees;
}

async function filesUnder(directory: string): Promise<string[]> {
  return (await fs.readdir(directory, { recursive: true })).map(String).sort();
}

describe('concurrent hash calls in one process', () => {
  it('all succeed on the same tree and on different trees, and leave one readable digest cache per tree', async () => {
    const node = await makeNode();
    cleanups.push(node.cleanup);
    const trees = await agedTrees(node.root, 4);
    const hashOf = async (tree: string) => (await workingDirPlugin.hash(tree, node.hashContext({ working_dir: tree }))).keys[0]!;

    // Twelve calls on the first tree and three on each other tree, all started at once.
    const calls = [...Array.from({ length: 12 }, () => trees[0]!), ...trees.slice(1).flatMap((tree) => [tree, tree, tree])];
    const results = await Promise.allSettled(calls.map(hashOf));
    const failures = results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);

    const uris = results.map((result) => (result as PromiseFulfilledResult<string>).value);
    const uriPerTree = new Map<string, Set<string>>();
    for (const [index, tree] of calls.entries()) uriPerTree.set(tree, (uriPerTree.get(tree) ?? new Set()).add(uris[index]!));
    expect([...uriPerTree.values()].map((set) => set.size)).toEqual([1, 1, 1, 1]);
    expect(new Set(uris).size).toBe(4);

    const cacheFiles = await filesUnder(path.join(node.pluginDirectory, 'digest-cache'));
    expect(cacheFiles.filter((name) => !name.endsWith('.json'))).toEqual([]);
    // One file digest cache and one tree snapshot per tree.
    expect(cacheFiles.filter((name) => name.endsWith('.snapshot.json'))).toHaveLength(4);
    expect(cacheFiles).toHaveLength(8);
    for (const name of cacheFiles) {
      const text = await fs.readFile(path.join(node.pluginDirectory, 'digest-cache', name), 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
    }
    const storeFiles = await filesUnder(path.join(node.dataDirectory, 'packages'));
    expect(storeFiles.filter((name) => name.startsWith('pkg_'))).toHaveLength(4);
    expect(await filesUnder(path.join(node.dataDirectory, 'packages', '.incoming'))).toEqual([]);
  });

  it('keep giving the same URIs when they run again with the cache in place', async () => {
    const node = await makeNode();
    cleanups.push(node.cleanup);
    const trees = await agedTrees(node.root, 3);
    const hashAll = () =>
      Promise.all(trees.flatMap((tree) => [tree, tree, tree, tree]).map((tree) => workingDirPlugin.hash(tree, node.hashContext({ working_dir: tree }))));
    const first = await hashAll();
    const second = await hashAll();
    expect(second).toEqual(first);
  });
});
