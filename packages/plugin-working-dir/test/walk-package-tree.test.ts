import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listPackageFiles } from '../src/index.js';
import { comparePaths } from '../src/packing/package-entry.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('walking a tree', () => {
  it('follows links to files and folders, and leaves out loops, broken links and FIFOs, saying why', async () => {
    const node = await makeNode();
    cleanups.push(node.cleanup);
    const tree = path.join(node.root, 'tree');
    const elsewhere = path.join(node.root, 'elsewhere');
    await writeTree(tree, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    await writeTree(elsewhere, { 'shared/c.txt': 'c' });
    await fs.symlink(path.join(elsewhere, 'shared'), path.join(tree, 'linked-folder'));
    await fs.symlink('a.txt', path.join(tree, 'linked-file.txt'));
    await fs.symlink('..', path.join(tree, 'sub', 'up'));
    await fs.symlink(tree, path.join(elsewhere, 'shared', 'back-to-tree'));
    await fs.symlink('missing.txt', path.join(tree, 'broken.txt'));
    execFileSync('mkfifo', [path.join(tree, 'pipe')]);
    const skipped: string[] = [];
    const files = await listPackageFiles(tree, { onSkipped: (relativePath, reason) => skipped.push(`${relativePath}: ${reason}`) });
    expect(files).toEqual(['a.txt', 'linked-file.txt', 'linked-folder/c.txt', 'sub/b.txt']);
    expect(skipped.sort()).toEqual([
      'broken.txt: cannot be read (ENOENT)',
      'linked-folder/back-to-tree: links back to a folder that contains it',
      'sub/up: links back to a folder that contains it',
    ]);
  });

  it('reads ignore files in every folder, whatever else the folder holds', async () => {
    const node = await makeNode();
    cleanups.push(node.cleanup);
    const tree = path.join(node.root, 'tree');
    await writeTree(tree, {
      'keep.py': '',
      'drop.log': '',
      'deep/.rtenvignore': 'secret*\n',
      'deep/secret.txt': '',
      'deep/open.txt': '',
      'deep/x/.rayignore': '*.bin\n',
      'deep/x/y.bin': '',
      'deep/x/z.txt': '',
      '.gitignore': '*.log\n',
    });
    expect(await listPackageFiles(tree)).toEqual(['.gitignore', 'deep/.rtenvignore', 'deep/open.txt', 'deep/x/.rayignore', 'deep/x/z.txt', 'keep.py']);
  });
});

describe('path order', () => {
  it('is the byte order of UTF-8, also past the basic plane', () => {
    const names = ['a/b', 'a.txt', 'a', 'Z', 'é', '\uFF21', '\u{1F600}', 'ab', ''];
    const byBytes = [...names].sort((left, right) => Buffer.compare(Buffer.from(left), Buffer.from(right)));
    expect([...names].sort(comparePaths)).toEqual(byBytes);
  });
});
