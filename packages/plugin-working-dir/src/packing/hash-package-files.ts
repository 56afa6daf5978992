import { digestFile, type FileDigestCache } from './file-digest-cache.js';
import type { PackageEntry } from './package-entry.js';

const parallelReads = 4;

/** The content digest of every file entry, keyed by its path in the package; unchanged files come from the cache. */
export async function hashPackageFiles(
  entries: readonly PackageEntry[],
  cache: FileDigestCache,
  signal?: AbortSignal,
): Promise<{ digests: Map<string, string>; filesRead: number }> {
  const digests = new Map<string, string>();
  const toRead: PackageEntry[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    const cached = cache.lookup(entry);
    if (cached) digests.set(entry.relativePath, cached);
    else toRead.push(entry);
  }
  let next = 0;
  async function worker(): Promise<void> {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    while (next < toRead.length) {
      signal?.throwIfAborted();
      const entry = toRead[next++]!;
      const startedAt = Date.now();
      const digest = await digestFile(entry.absolutePath, buffer);
      digests.set(entry.relativePath, digest);
      cache.remember(entry, digest, startedAt);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallelReads, toRead.length) }, worker));
  return { digests, filesRead: toRead.length };
}
