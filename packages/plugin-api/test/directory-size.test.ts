import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureDirectorySize } from '../src/index.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'plugin-api-directory-size-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** What `du` says, the independent observer: allocated bytes, or apparent ones (folders included). */
function du(path: string, apparent = false): number {
  return Number(execFileSync('du', ['-s', apparent ? '--apparent-size' : '', '-B1', path].filter(Boolean), { encoding: 'utf8' }).split('\t')[0]);
}

describe('measureDirectorySize', () => {
  it('counts a file hard-linked twice inside the tree once, and agrees with du', async () => {
    const tree = join(root, 'tree');
    await mkdir(join(tree, 'nested'), { recursive: true });
    await writeFile(join(tree, 'nested', 'data.bin'), Buffer.alloc(100_000, 1));
    await link(join(tree, 'nested', 'data.bin'), join(tree, 'hardlink.bin'));
    await writeFile(join(tree, 'small.txt'), 'hello');
    const size = await measureDirectorySize(tree);
    expect(size.apparentBytes).toBe(100_000 + 5);
    expect(size.allocatedBytes).toBe(du(tree));
    expect(size.unsharedAllocatedBytes).toBe(size.allocatedBytes);
  });

  it('counts a symbolic link by its own length and never follows it', async () => {
    const tree = join(root, 'tree');
    const outside = join(root, 'outside');
    await mkdir(tree);
    await mkdir(outside);
    await writeFile(join(outside, 'big.bin'), Buffer.alloc(200_000, 2));
    await symlink(outside, join(tree, 'to-folder'));
    await symlink(join(outside, 'big.bin'), join(tree, 'to-file'));
    const size = await measureDirectorySize(tree);
    expect(size.apparentBytes).toBe(2 * Buffer.byteLength(outside) + '/big.bin'.length);
    expect(size.allocatedBytes).toBe(du(tree));
  });

  it('leaves out of the unshared bytes a file also linked from outside the tree', async () => {
    const tree = join(root, 'tree');
    await mkdir(tree);
    await writeFile(join(root, 'store.bin'), Buffer.alloc(300_000, 3));
    await link(join(root, 'store.bin'), join(tree, 'linked.bin'));
    await link(join(root, 'store.bin'), join(tree, 'linked-again.bin'));
    await writeFile(join(tree, 'own.bin'), Buffer.alloc(50_000, 4));
    const size = await measureDirectorySize(tree);
    expect(size.apparentBytes).toBe(300_000 + 50_000);
    expect(size.allocatedBytes).toBe(du(tree));
    expect(size.unsharedAllocatedBytes).toBe(du(tree) - du(join(tree, 'linked.bin')));
    // With the outside name gone, every link of that file is inside the tree.
    await rm(join(root, 'store.bin'));
    expect((await measureDirectorySize(tree)).unsharedAllocatedBytes).toBe(du(tree));
  });

  it('measures a missing directory as empty', async () => {
    expect(await measureDirectorySize(join(root, 'missing'))).toEqual({ apparentBytes: 0, allocatedBytes: 0, unsharedAllocatedBytes: 0 });
  });
});
