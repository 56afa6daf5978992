import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * A file the engine's side read to decide what a document means: the config
 * file, a plugin's entry module, its launch module. The fast path trusts a
 * recorded document only while every such file still has this content.
 */
export interface LoadedFile {
  /** Absolute path. */
  path: string;
  size: number;
  sha256: string;
}

/** The record of a file's content; `bytes` when the caller already read them (what it parsed is what is recorded). */
export function loadedFileOf(path: string, bytes: Buffer = readFileSync(path)): LoadedFile {
  return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Why the files are no longer the ones recorded (the first that differs), or
 * undefined when each still has its recorded content. A size that differs
 * settles it without reading; otherwise the digest decides (a rewrite of the
 * same size, a restored modification time: only the content counts).
 */
export function changedLoadedFile(files: readonly LoadedFile[]): string | undefined {
  for (const file of files) {
    let size: number;
    try {
      size = statSync(file.path).size;
    } catch {
      return `${file.path} is gone`;
    }
    if (size !== file.size) return `${file.path} changed`;
    let sha256: string;
    try {
      sha256 = createHash('sha256').update(readFileSync(file.path)).digest('hex');
    } catch {
      return `${file.path} cannot be read`;
    }
    if (sha256 !== file.sha256) return `${file.path} changed`;
  }
  return undefined;
}

/** Each file once, first occurrence first (two plugins of one package share an entry). */
export function uniqueLoadedFiles(files: Iterable<LoadedFile | undefined>): LoadedFile[] {
  const byPath = new Map<string, LoadedFile>();
  for (const file of files) if (file && !byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()];
}
