import { realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackResult } from './pack-options.js';
import { reuseSnapshot } from './tree-snapshot.js';

/**
 * What decided an earlier `rtenv pack DIR` into a local store, as plain JSON: the
 * tree snapshot it saved and the package it named. A later pack of the same
 * inputs re-checks it with `recheckPack` (the export `./pack-check`), which loads
 * no zod, no option schema and no store client: the fast path of `rtenv pack`.
 */
export interface PackCheck {
  /** The folder as given, resolved; `root` is where it led (a link to another folder is another tree). */
  directory: string;
  root: string;
  /** The tree snapshot `packDirectory` saves and reuses, and what it keys it by. */
  snapshotFile: string;
  selection: string;
  prefix: string;
  packageDigest: string;
  maxPackageBytes: number;
  /** The package's file in the local store, and its URI. */
  packageFile: string;
  uri: string;
}

/** This module's own file: the fast path trusts a record only while it is unchanged too. */
export const packCheckModuleFile = fileURLToPath(import.meta.url);

/**
 * The result `packForCommand` gives for an unchanged tree whose package is in
 * the store, or why this check cannot vouch for it (the caller then packs on the
 * full path). The same snapshot check `packDirectory` runs first, then the same
 * store check: a package collected meanwhile is never named.
 */
export function recheckPack(check: PackCheck): PackResult | string {
  let root: string;
  try {
    root = realpathSync(check.directory);
  } catch {
    return `${check.directory} cannot be resolved`;
  }
  if (root !== check.root) return `${check.directory} now leads to ${root}`;
  const hit = reuseSnapshot(check.snapshotFile, check.selection, root, check.prefix);
  if (!hit) return 'the tree changed since it was packed';
  if (hit.packageDigest !== check.packageDigest) return 'the tree now makes another package';
  if (hit.totalBytes > check.maxPackageBytes) return 'the tree is over the package size cap';
  if (!statSync(check.packageFile, { throwIfNoEntry: false })?.isFile()) return 'the package is no longer in the store';
  // The order of the full path's result for an unchanged tree: `--json` prints it as is.
  return { uri: check.uri, digest: hit.packageDigest, fileCount: hit.fileCount, totalBytes: hit.totalBytes, filesRead: 0, uploaded: false };
}
