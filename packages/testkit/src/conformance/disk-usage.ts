import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DiskUsage {
  /** Sum of file and symlink lengths, each inode once (`du --apparent-size -b`). */
  apparentBytes: number;
  /** Blocks allocated to every entry, directories included, each inode once (`du -B1`). */
  allocatedBytes: number;
}

/**
 * Measures a directory the way `du` does, counting hardlinked files once: the
 * independent observer the size checks compare a plugin's own report against.
 */
export async function measureDiskUsage(root: string): Promise<DiskUsage> {
  const seen = new Set<string>();
  const usage: DiskUsage = { apparentBytes: 0, allocatedBytes: 0 };
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    const identity = `${stats.dev}:${stats.ino}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    usage.allocatedBytes += stats.blocks * 512;
    if (stats.isDirectory()) {
      for (const name of await readdir(path)) await visit(join(path, name));
    } else {
      usage.apparentBytes += stats.size;
    }
  };
  await visit(root);
  return usage;
}
