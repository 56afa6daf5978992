import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of the regular files under `directory`, not following symbolic links; 0 when it does not exist. */
export async function directorySize(directory: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) total += await directorySize(entryPath);
    else if (entry.isFile())
      total += await lstat(entryPath).then(
        (stats) => stats.size,
        () => 0,
      );
  }
  return total;
}

/**
 * Walking a package cache takes a while, so each folder's size is kept for
 * `maxAgeMs` and a walk already running is shared by everyone who asks.
 */
export class CachedDirectorySizes {
  private readonly sizes = new Map<string, { measuredAt: number; bytes: Promise<number> }>();

  constructor(private readonly maxAgeMs: number) {}

  of(directory: string): Promise<number> {
    const known = this.sizes.get(directory);
    if (known !== undefined && Date.now() - known.measuredAt < this.maxAgeMs) return known.bytes;
    const bytes = directorySize(directory);
    this.sizes.set(directory, { measuredAt: Date.now(), bytes });
    return bytes;
  }
}
