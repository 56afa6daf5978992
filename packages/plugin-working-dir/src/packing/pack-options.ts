import type { PackageStore } from '../stores/package-store.js';
import type { PackageCompression } from './write-package-archive.js';

// What packing takes and gives, apart from the code that packs: pack-directory and
// pack-entries both need them, and neither should import the other for them.
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
