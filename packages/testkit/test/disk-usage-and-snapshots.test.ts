import { execFileSync } from 'node:child_process';
import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSnapshots, makeTemporaryDataDirectory, measureDiskUsage, snapshotDirectory } from '../src/index.js';

describe('measureDiskUsage', () => {
  it('counts hardlinked files once and agrees with du', async () => {
    const { path } = await makeTemporaryDataDirectory();
    await mkdir(join(path, 'nested'));
    await writeFile(join(path, 'nested', 'data.bin'), Buffer.alloc(100_000, 1));
    await link(join(path, 'nested', 'data.bin'), join(path, 'hardlink.bin'));
    await symlink('nested/data.bin', join(path, 'symlink.bin'));
    const usage = await measureDiskUsage(path);
    expect(usage.apparentBytes).toBe(100_000 + 'nested/data.bin'.length);
    const duAllocated = Number(execFileSync('du', ['-s', '-B1', path], { encoding: 'utf8' }).split('\t')[0]);
    expect(usage.allocatedBytes).toBe(duAllocated);
  });
});

describe('compareSnapshots', () => {
  it('reports added, removed and modified entries, not directories whose contents changed', async () => {
    const { path } = await makeTemporaryDataDirectory();
    await mkdir(join(path, 'kept'));
    await writeFile(join(path, 'kept', 'changes.txt'), 'one');
    await writeFile(join(path, 'goes.txt'), 'x');
    const before = await snapshotDirectory(path);
    await writeFile(join(path, 'kept', 'changes.txt'), 'three');
    await writeFile(join(path, 'kept', 'new.txt'), 'n');
    execFileSync('rm', [join(path, 'goes.txt')]);
    const changes = compareSnapshots(before, await snapshotDirectory(path));
    expect(changes).toEqual([
      { path: 'goes.txt', change: 'removed' },
      { path: 'kept/changes.txt', change: 'modified' },
      { path: 'kept/new.txt', change: 'added' },
    ]);
  });
});
