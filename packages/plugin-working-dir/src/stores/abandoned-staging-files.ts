import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mayStillBeWritten } from './staging-file-name.js';

/**
 * Removes the files in a store's staging folder whose writer is gone (an
 * interrupted pack leaves hundreds of megabytes there). Returns the bytes freed.
 */
export async function removeAbandonedStagingFiles(stagingDirectory: string, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(stagingDirectory);
  } catch {
    return 0;
  }
  let bytesFreed = 0;
  for (const name of names) {
    const file = path.join(stagingDirectory, name);
    const stats = await fs.lstat(file).catch(() => undefined);
    if (!stats || mayStillBeWritten(name, stats.mtimeMs, now)) continue;
    await fs.rm(file, { recursive: true, force: true });
    bytesFreed += stats.size;
  }
  return bytesFreed;
}
