import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileDigestCache } from './file-digest-cache.js';
import type { PackDirectoryOptions, PackResult } from './pack-options.js';
import { packageDigest } from './package-digest.js';
import type { PackageEntry } from './package-entry.js';
import { assertPackageSize } from './package-size-report.js';
import { publishAndSeal } from './publish-package.js';
import { stagingFileName } from '../stores/staging-file-name.js';
import { archiveExtension, writePackageArchive, type PackageCompression } from './write-package-archive.js';

/** Digests already known for every file, from a tree snapshot. */
export interface KnownDigests {
  digests: Map<string, string>;
  packageDigest: string;
}

export const defaultMaxPackageBytes = 512 * 1024 * 1024;

/** A package's object name in the store: `pkg_<digest>.tar` or `.tar.gz`. */
export function packageName(digest: string, compression: PackageCompression): string {
  return `pkg_${digest}${archiveExtension(compression)}`;
}

/** The name a tree's digest cache and snapshot files start with: one pair per real path of the root. */
export function rootKey(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 32);
}

function digestCacheFile(cacheDirectory: string | undefined, root: string): string | undefined {
  return cacheDirectory ? path.join(cacheDirectory, `${rootKey(root)}.json`) : undefined;
}

/**
 * Names and publishes the package of `entries`. File digests come from `known`,
 * or from the digest cache, or else from writing the archive (one read of each
 * file gives both its digest and the archive). When the store already holds the
 * package, nothing is written.
 */
export async function packEntries(
  root: string,
  entries: PackageEntry[],
  options: PackDirectoryOptions,
  known?: KnownDigests,
  statedAtMs = Date.now(),
): Promise<{ result: PackResult; digests: Map<string, string> }> {
  const totalBytes = assertPackageSize(root, entries, options.maxPackageBytes ?? defaultMaxPackageBytes);
  const compression = options.compression ?? 'none';
  const fileCount = entries.filter((entry) => entry.kind === 'file').length;
  const staging = options.store.stagingDirectory ?? os.tmpdir();
  const temporary = path.join(staging, stagingFileName('package-', '.partial'));
  let digests = known?.digests ?? new Map<string, string>();
  let filesRead = 0;
  let archiveWritten = false;
  let wroteForStore = false;
  if (!known) {
    const cache = await FileDigestCache.open(digestCacheFile(options.digestCacheDirectory, root), root);
    for (const entry of entries) {
      const digest = entry.kind === 'file' ? cache.lookup(entry) : undefined;
      if (digest) digests.set(entry.relativePath, digest);
    }
    if (digests.size !== fileCount) {
      filesRead = fileCount - digests.size;
      await fs.mkdir(staging, { recursive: true });
      archiveWritten = true;
      digests = await writePackageArchive(entries, temporary, { compression, signal: options.signal });
      for (const entry of entries) if (entry.kind === 'file') cache.remember(entry, digests.get(entry.relativePath)!, statedAtMs);
      await cache.save();
    }
  }
  try {
    const digest = known?.packageDigest ?? packageDigest(entries, digests);
    const name = packageName(digest, compression);
    const result = { uri: options.store.uriOf(name), digest, fileCount, totalBytes, filesRead };
    if (await options.store.exists(name, options.signal)) return { result: { ...result, uploaded: false }, digests };
    if (!archiveWritten) {
      wroteForStore = true;
      await fs.mkdir(staging, { recursive: true });
      await writePackageArchive(entries, temporary, { compression, expectedDigests: digests, signal: options.signal });
    }
    await publishAndSeal(options.store, name, temporary, { sealDirectory: options.sealDirectory, signal: options.signal });
    return { result: { ...result, uploaded: true }, digests };
  } finally {
    // Published packages were moved away; this removes what a failure left behind.
    if (archiveWritten || wroteForStore) await fs.rm(temporary, { force: true });
  }
}
