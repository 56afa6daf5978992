import { normalizedMode } from '../packing/package-entry.js';

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

export function extractedMode(kind: ExtractedEntry['kind'], rawMode: number): number {
  return kind === 'symlink' ? 0o777 : normalizedMode(kind, rawMode);
}

/** Links are created last, after every file, so no entry can be written through a link. */
export interface DeferredLink {
  relativePath: string;
  absolutePath: string;
  target: string;
}
