import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes on disk under `roots`, each inode counted once however many hardlinks
 * point at it (within and across roots), measured in allocated blocks.
 */
export async function uniqueDiskBytes(roots: readonly string[]): Promise<{ bytes: number; files: number }> {
  const seen = new Set<string>();
  let bytes = 0;
  async function walk(path: string): Promise<void> {
    const info = await lstat(path, { bigint: true }).catch(() => undefined);
    if (!info) return;
    const key = `${info.dev}:${info.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    bytes += Number(info.blocks) * 512;
    if (info.isDirectory()) {
      for (const name of await readdir(path)) await walk(join(path, name));
    }
  }
  for (const root of roots) await walk(root);
  return { bytes, files: seen.size };
}
