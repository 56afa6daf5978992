import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExclusionRules } from '../exclusion/exclusion-rules.js';
import type { PackageStore } from '../stores/package-store.js';
import { FileDigestCache } from './file-digest-cache.js';
import { packageDigest } from './package-digest.js';
import { publishAndSeal } from './publish-package.js';
import { normalizedMode, type PackageEntry } from './package-entry.js';
import { assertPackageSize } from './package-size-report.js';
import { walkPackageTree } from './walk-package-tree.js';
import { archiveExtension, writePackageArchive, type PackageCompression } from './write-package-archive.js';

export interface PackSelection {
  /** gitignore-style patterns relative to the directory (the runtime_env's `excludes`). */
  excludes?: readonly string[];
  /** Weaker than `.gitignore`; Ray's four for working_dir, none for py_modules. */
  defaultExcludes?: readonly string[];
  useGitignore?: boolean;
  /** Put the files under this folder name inside the package (py_modules directories). */
  topLevelName?: string;
  /** Told about unreadable files and links that loop; they are left out. */
  onSkipped?: (relativePath: string, reason: string) => void;
  signal?: AbortSignal;
}

export interface PackDirectoryOptions extends PackSelection {
  store: PackageStore;
  compression?: PackageCompression;
  maxPackageBytes?: number;
  /** Where file digests are remembered between runs; in memory only when absent. */
  digestCacheDirectory?: string;
  /** Where packages this node wrote into a local store are sealed (see `sealPackage`), so extracting them skips the digest check. */
  sealDirectory?: string;
}

export interface PackResult {
  /** The store object's URI, e.g. `file:///data/packages/pkg_<sha256>.tar`. */
  uri: string;
  /** SHA-256 over the included paths, modes and contents. */
  digest: string;
  /** False when the store already held the package. */
  uploaded: boolean;
  fileCount: number;
  totalBytes: number;
  /** Files whose content had to be read to hash them (0 for an unchanged tree). */
  filesRead: number;
}

async function selectEntries(directory: string, selection: PackSelection) {
  const rules = new ExclusionRules({
    excludes: selection.excludes ?? [],
    defaultExcludes: selection.defaultExcludes ?? [],
    useGitignore: selection.useGitignore ?? true,
  });
  return walkPackageTree(directory, { rules, topLevelName: selection.topLevelName, signal: selection.signal, onSkippedLink: selection.onSkipped });
}

/** The files a package of `directory` would hold, sorted, as `rtenv pack --list` prints them. */
export async function listPackageFiles(directory: string, selection: PackSelection = {}): Promise<string[]> {
  const entries = await selectEntries(directory, selection);
  return entries.filter((entry) => entry.kind === 'file').map((entry) => entry.relativePath);
}

function digestCacheFile(cacheDirectory: string | undefined, root: string): string | undefined {
  if (!cacheDirectory) return undefined;
  return path.join(cacheDirectory, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
}

/**
 * Packs `directory` into the store under a content-addressed name and returns its
 * URI; the same files always give the same URI and the same bytes. When the
 * store already holds the package, nothing is written.
 */
export async function packDirectory(directory: string, options: PackDirectoryOptions): Promise<PackResult> {
  const root = await fs.realpath(directory);
  return packEntries(root, await selectEntries(root, options), options);
}

/** Packs one `.py` file as a package holding just that file (py_modules' single-file modules). */
export async function packSingleFile(filePath: string, options: PackDirectoryOptions): Promise<PackResult> {
  const absolutePath = await fs.realpath(filePath);
  const stats = await fs.stat(absolutePath);
  const entry: PackageEntry = {
    relativePath: path.basename(filePath),
    absolutePath,
    kind: 'file',
    mode: normalizedMode('file', stats.mode),
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    inode: stats.ino,
    device: stats.dev,
  };
  return packEntries(absolutePath, [entry], options);
}

async function packEntries(root: string, entries: PackageEntry[], options: PackDirectoryOptions): Promise<PackResult> {
  const totalBytes = assertPackageSize(root, entries, options.maxPackageBytes ?? 512 * 1024 * 1024);
  const cache = await FileDigestCache.open(digestCacheFile(options.digestCacheDirectory, root), root);
  const compression = options.compression ?? 'none';
  const fileCount = entries.filter((entry) => entry.kind === 'file').length;
  const staging = options.store.stagingDirectory ?? os.tmpdir();
  const temporary = path.join(staging, `package-${randomBytes(6).toString('hex')}.partial`);
  const cached = new Map<string, string>();
  for (const entry of entries) {
    const digest = entry.kind === 'file' ? cache.lookup(entry) : undefined;
    if (digest) cached.set(entry.relativePath, digest);
  }
  const allCached = cached.size === fileCount;
  let digests = cached;
  let archiveWritten = false;
  if (!allCached) {
    // Something changed: one pass reads each file once for both its digest and the archive.
    await fs.mkdir(staging, { recursive: true });
    const startedAt = Date.now();
    digests = await writePackageArchive(entries, temporary, { compression, signal: options.signal });
    archiveWritten = true;
    for (const entry of entries) if (entry.kind === 'file') cache.remember(entry, digests.get(entry.relativePath)!, startedAt);
    await cache.save();
  }
  try {
    const digest = packageDigest(entries, digests);
    const name = `pkg_${digest}${archiveExtension(compression)}`;
    const result = { uri: options.store.uriOf(name), digest, fileCount, totalBytes, filesRead: allCached ? 0 : fileCount - cached.size };
    if (await options.store.exists(name, options.signal)) return { ...result, uploaded: false };
    if (!archiveWritten) {
      await fs.mkdir(staging, { recursive: true });
      await writePackageArchive(entries, temporary, { compression, expectedDigests: digests, signal: options.signal });
    }
    await publishAndSeal(options.store, name, temporary, { sealDirectory: options.sealDirectory, signal: options.signal });
    return { ...result, uploaded: true };
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
