import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Bytes used under `directory`, counting each hard-linked file once and not following links. */
export async function directorySize(directory: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  async function visit(current: string): Promise<void> {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const stats = await fs.lstat(full);
      const key = `${stats.dev}:${stats.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      total += stats.isDirectory() ? 0 : stats.size;
      if (entry.isDirectory()) await visit(full);
    }
  }
  await visit(directory);
  return total;
}
