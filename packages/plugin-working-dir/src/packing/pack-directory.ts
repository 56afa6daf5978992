import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { ExclusionRules } from '../exclusion/exclusion-rules.js';
import { defaultMaxPackageBytes, packageName, packEntries, rootKey } from './pack-entries.js';
import { fileEntry } from './package-entry.js';
import { reuseSnapshot, saveSnapshot, SnapshotRecorder } from './tree-snapshot.js';
import { walkPackageTree, type WalkObserver } from './walk-package-tree.js';
import type { PackDirectoryOptions, PackResult, PackSelection } from './pack-options.js';

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

/** Where the tree snapshot of `root` is kept and what it is keyed by (the fast path of `rtenv pack` records them too). */
export function snapshotKeyOf(root: string, digestCacheDirectory: string, selection: PackSelection) {
  return {
    snapshotFile: path.join(digestCacheDirectory, `${rootKey(root)}.snapshot.json`),
    selection: JSON.stringify([exclusionSettings(selection), selection.topLevelName ?? '']),
    prefix: selection.topLevelName ? `${selection.topLevelName}/` : '',
  };
}

/**
 * Packs `directory` into the store under a content-addressed name and returns its
 * URI; the same files always give the same URI and the same bytes. When the
 * store already holds the package, nothing is written.
 */
export async function packDirectory(directory: string, options: PackDirectoryOptions): Promise<PackResult> {
  const root = realpathSync(directory);
  if (!options.digestCacheDirectory) return (await packEntries(root, await selectEntries(root, options), options)).result;
  const { snapshotFile, selection, prefix } = snapshotKeyOf(root, options.digestCacheDirectory, options);
  const hit = reuseSnapshot(snapshotFile, selection, root, prefix);
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
