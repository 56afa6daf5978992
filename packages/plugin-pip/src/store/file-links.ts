import { copyFile, link, stat, utimes } from 'node:fs/promises';

/** Errors after which a hard link cannot be made but a copy can: another file system, no hard links there, too many links. */
const copyInsteadOf = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Hard-links `source` at `target`, or copies it where a link cannot be made. A
 * copy keeps the modification time, since `.pyc` files record their source's
 * and Python would otherwise recompile.
 */
export async function linkOrCopy(source: string, target: string): Promise<'linked' | 'copied'> {
  try {
    await link(source, target);
    return 'linked';
  } catch (error) {
    if (!copyInsteadOf.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(source, target);
    const { atime, mtime } = await stat(source);
    await utimes(target, atime, mtime);
    return 'copied';
  }
}

/** Runs `work` over `items` with at most `limit` at a time (thousands of small file operations, without flooding libuv's pool). */
export async function forEachConcurrently<Item>(items: readonly Item[], limit: number, work: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as Item;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
