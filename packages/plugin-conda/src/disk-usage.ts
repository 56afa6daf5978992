import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes on disk under `roots`, each inode counted once however many hardlinks
 * point at it (within and across roots), measured in allocated blocks. Folders
 * are read in parallel: a prefix holds thousands of small files.
 */
export async function uniqueDiskBytes(roots: readonly string[]): Promise<{ bytes: number; files: number }> {
  const seen = new Set<string>();
  let bytes = 0;
  async function visit(path: string): Promise<void> {
    const info = await lstat(path, { bigint: true }).catch(() => undefined);
    if (!info) return;
    const key = `${info.dev}:${info.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    bytes += Number(info.blocks) * 512;
    if (info.isDirectory()) {
      const names = await readdir(path).catch(() => [] as string[]);
      await Promise.all(names.map((name) => visit(join(path, name))));
    }
  }
  for (const root of roots) await visit(root);
  return { bytes, files: seen.size };
}
