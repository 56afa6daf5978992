import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { ExclusionRules } from '../exclusion/exclusion-rules.js';
import type { PackageStore } from '../stores/package-store.js';
import { defaultMaxPackageBytes, packageName, packEntries, rootKey } from './pack-entries.js';
import { fileEntry } from './package-entry.js';
import { reuseSnapshot, saveSnapshot, SnapshotRecorder } from './tree-snapshot.js';
import { walkPackageTree, type WalkObserver } from './walk-package-tree.js';
import type { PackageCompression } from './write-package-archive.js';

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

function exclusionSettings(selection: PackSelection) {
  return { excludes: selection.excludes ?? [], defaultExcludes: selection.defaultExcludes ?? [], useGitignore: selection.useGitignore ?? true };
}

async function selectEntries(directory: string, selection: PackSelection, observer?: WalkObserver) {
  const rules = new ExclusionRules(exclusionSettings(selection));
  return walkPackageTree(directory, { rules, topLevelName: selection.topLevelName, signal: selection.signal, onSkippedLink: selection.onSkipped, observer });
}

/** The files a package of `directory` would hold, sorted, as `rtenv pack --list` prints them. */
export async function listPackageFiles(directory: string, selection: PackSelection = {}): Promise<string[]> {
  const entries = await selectEntries(directory, selection);
  return entries.filter((entry) => entry.kind === 'file').map((entry) => entry.relativePath);
}

/**
 * Packs `directory` into the store under a content-addressed name and returns its
 * URI; the same files always give the same URI and the same bytes. When the
 * store already holds the package, nothing is written.
 */
export async function packDirectory(directory: string, options: PackDirectoryOptions): Promise<PackResult> {
  const root = realpathSync(directory);
  if (!options.digestCacheDirectory) return (await packEntries(root, await selectEntries(root, options), options)).result;
  const snapshotFile = path.join(options.digestCacheDirectory, `${rootKey(root)}.snapshot.json`);
  const selection = JSON.stringify([exclusionSettings(options), options.topLevelName ?? '']);
  const hit = reuseSnapshot(snapshotFile, selection, root, options.topLevelName ? `${options.topLevelName}/` : '');
  if (hit) {
    const name = packageName(hit.packageDigest, options.compression ?? 'none');
    const withinCap = hit.totalBytes <= (options.maxPackageBytes ?? defaultMaxPackageBytes);
    if (withinCap && (await options.store.exists(name, options.signal))) {
      const { packageDigest: digest, fileCount, totalBytes } = hit;
      return { uri: options.store.uriOf(name), digest, fileCount, totalBytes, filesRead: 0, uploaded: false };
    }
    // Over the cap (which reports the largest files) or gone from the store: the general path, digests known.
    const { entries, digests } = hit.materialize();
    return (await packEntries(root, entries, options, { digests, packageDigest: hit.packageDigest })).result;
  }
  const walkStartedAt = Date.now();
  const recorder = new SnapshotRecorder();
  const entries = await selectEntries(root, options, recorder);
  const packed = await packEntries(root, entries, options, undefined, walkStartedAt);
  await saveSnapshot(snapshotFile, recorder.snapshot(selection, entries, packed.digests, packed.result.digest, walkStartedAt));
  return packed.result;
}

/** Packs one `.py` file as a package holding just that file (py_modules' single-file modules). */
export async function packSingleFile(filePath: string, options: PackDirectoryOptions): Promise<PackResult> {
  const absolutePath = await fs.realpath(filePath);
  const stats = await fs.stat(absolutePath);
  const entry = fileEntry(path.basename(filePath), absolutePath, stats);
  return (await packEntries(absolutePath, [entry], options)).result;
}
