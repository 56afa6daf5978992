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

/** Byte-wise order of UTF-8 paths, so the archive order is the same on every machine. */
export function comparePaths(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}
