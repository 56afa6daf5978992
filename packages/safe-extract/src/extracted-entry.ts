/** What was written, for checking an extracted package against its digest. */
export interface ExtractedEntry {
  relativePath: string;
  kind: 'file' | 'directory' | 'symlink';
  /** Normalized as in packages (0o755 / 0o644), so the digest can be recomputed. */
  mode: number;
  /** SHA-256 of the content, for files, when it was asked for. */
  contentDigest?: string;
  /** Bytes written, for files, where the reader knows it (the lean tar reader does). */
  size?: number;
}

/** 0o755 for folders and files with any execute bit, 0o644 for other files: what packages record. */
export function extractedMode(kind: ExtractedEntry['kind'], rawMode: number): number {
  if (kind === 'symlink') return 0o777;
  if (kind === 'directory') return 0o755;
  return (rawMode & 0o111) !== 0 ? 0o755 : 0o644;
}

/**
 * Links are created last, after every file and folder, so no entry is ever
 * written through a link the archive made (see `placeLinks`).
 */
export interface DeferredLink {
  relativePath: string;
  absolutePath: string;
  target: string;
}
