import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What a directory tree holds on disk, each inode counted once and no symbolic link followed. */
export interface DirectorySize {
  /** The lengths of its files and symbolic links, as `du --apparent-size -b` counts them (folders not included). */
  apparentBytes: number;
  /** The blocks allocated to every entry, the folders and the directory itself included, as `du -B1` reports. */
  allocatedBytes: number;
  /**
   * The allocated bytes that removing the tree would free: those of inodes whose
   * every hard link is inside it. A file also linked from elsewhere (a shared
   * store, a package cache) is left out.
   */
  unsharedAllocatedBytes: number;
}

interface Inode {
  stats: Stats;
  linksInside: number;
}

/**
 * Measures `directory` the way `du` does. A file hard-linked twice inside the tree
 * is counted once, since removing either name frees nothing. An entry that
 * vanishes while the tree is walked is skipped (a missing `directory` measures
 * zero); any other error is thrown.
 */
export async function measureDirectorySize(directory: string): Promise<DirectorySize> {
  const inodes = new Map<string, Inode>();
  const visit = async (path: string, stats: Stats): Promise<void> => {
    const key = `${stats.dev}:${stats.ino}`;
    const seen = inodes.get(key);
    if (seen) {
      seen.linksInside += 1;
      return;
    }
    inodes.set(key, { stats, linksInside: 1 });
    if (!stats.isDirectory()) return;
    const names = await ifPresent(readdir(path), []);
    const children = await Promise.all(names.map(async (name) => [join(path, name), await ifPresent(lstat(join(path, name)), undefined)] as const));
    for (const [child, childStats] of children) if (childStats) await visit(child, childStats);
  };
  const rootStats = await ifPresent(lstat(directory), undefined);
  if (rootStats) await visit(directory, rootStats);
  return sizeOf(inodes.values());
}

function sizeOf(inodes: Iterable<Inode>): DirectorySize {
  const size: DirectorySize = { apparentBytes: 0, allocatedBytes: 0, unsharedAllocatedBytes: 0 };
  for (const { stats, linksInside } of inodes) {
    const allocated = stats.blocks * 512;
    size.allocatedBytes += allocated;
    if (!stats.isDirectory()) size.apparentBytes += stats.size;
    // A folder's link count is its subfolders' `..`, never another name for it.
    if (stats.isDirectory() || linksInside >= stats.nlink) size.unsharedAllocatedBytes += allocated;
  }
  return size;
}

/** The operation's result, or `absent` when its path no longer exists. */
async function ifPresent<T, Absent>(operation: Promise<T>, absent: Absent): Promise<T | Absent> {
  try {
    return await operation;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return absent;
    throw error;
  }
}
