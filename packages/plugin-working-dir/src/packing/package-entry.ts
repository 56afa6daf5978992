import type { Stats } from 'node:fs';
/** One file or folder that goes into a package, as found on disk (symlinks already followed). */
export interface PackageEntry {
  /** Path inside the package, `/`-separated, without a trailing `/`. */
  relativePath: string;
  absolutePath: string;
  kind: 'file' | 'directory';
  /** Normalized as git does: 0o755 for folders and executables, 0o644 otherwise. */
  mode: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  inode: number;
  device: number;
}

export function normalizedMode(kind: PackageEntry['kind'], statMode: number): number {
  if (kind === 'directory') return 0o755;
  return (statMode & 0o111) !== 0 ? 0o755 : 0o644;
}

/** Below U+D800, UTF-16 code units sort as UTF-8 bytes do; surrogates and U+E000.. do not. */
const sortsDifferentlyInUtf16 = /[\uD800-\uFFFF]/;

/**
 * Byte-wise order of UTF-8 paths, so the archive order is the same on every
 * machine. A walk sorts thousands of names, so the common case compares the
 * strings as they are instead of encoding both sides.
 */
export function comparePaths(left: string, right: string): number {
  if (!sortsDifferentlyInUtf16.test(left) && !sortsDifferentlyInUtf16.test(right)) return left < right ? -1 : left > right ? 1 : 0;
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

/** The entry of a regular file, from its stats. */
export function fileEntry(relativePath: string, absolutePath: string, stats: Stats): PackageEntry {
  return {
    relativePath,
    absolutePath,
    kind: 'file',
    mode: normalizedMode('file', stats.mode),
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    inode: stats.ino,
    device: stats.dev,
  };
}
