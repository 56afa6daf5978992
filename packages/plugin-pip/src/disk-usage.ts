import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes allocated on disk under `directory`, each inode counted once (a file
 * hard-linked twice inside it is one file), as `du` reports.
 */
export async function diskUsage(directory: string, seen: Set<string> = new Set()): Promise<number> {
  let total = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) continue;
    const key = `${stats.dev}:${stats.ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total += stats.blocks * 512;
    if (stats.isDirectory()) total += await diskUsage(path, seen);
  }
  return total;
}

/** Bytes under `directory` that no other path links (each inode once): what removing the directory alone frees. */
export async function unsharedDiskUsage(directory: string): Promise<number> {
  let total = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) continue;
    if (stats.isDirectory()) total += stats.blocks * 512 + (await unsharedDiskUsage(path));
    else if (stats.nlink <= 1) total += stats.blocks * 512;
  }
  return total;
}
