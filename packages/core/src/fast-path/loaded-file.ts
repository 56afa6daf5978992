import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { createRequire } from 'node:module';

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
  /**
   * The file's identity and change times when they can vouch for the digest
   * (see `settledStampOf`); absent when the file had changed too recently, and
   * the fast path then always reads it.
   */
  stamp?: FileStamp;
}

/** `dev:ino:mtime ns:ctime ns` of a file, as decimal strings (nanoseconds do not fit in a JSON number). */
export type FileStamp = string;

/**
 * How long ago a file's last change (ctime) must be for its stamp to vouch for
 * bytes read before the stat. A change during the read would have set ctime
 * to a moment after the read began, so to no earlier than this margin before
 * the stat: filesystems' coarse clocks tick in milliseconds, far within it.
 * This is git's "racily clean" rule, with a margin instead of the index's time.
 */
const SETTLED_MS = 2_000;

const stampOf = (stats: BigIntStats): FileStamp => `${stats.dev}:${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`;

/**
 * The stamp of a file whose bytes the caller has already read, or undefined
 * when its last change is too recent to be sure the bytes are the ones it stamps.
 */
function settledStampOf(path: string, size: number, now: number): FileStamp | undefined {
  let stats: BigIntStats;
  try {
    stats = statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
  if (Number(stats.size) !== size || stats.ctimeMs > BigInt(now - SETTLED_MS)) return undefined;
  return stampOf(stats);
}

/**
 * The record of a file's content; `bytes` when the caller already read them (what
 * it parsed is what is recorded). `now` is the clock the settled rule reads.
 */
export function loadedFileOf(path: string, bytes: Buffer = readFileSync(path), now = Date.now()): LoadedFile {
  const file: LoadedFile = { path, size: bytes.length, sha256: sha256HexOfFile(bytes) };
  const stamp = settledStampOf(path, bytes.length, now);
  return stamp === undefined ? file : { ...file, stamp };
}

/** What `checkLoadedFiles` found. */
export interface LoadedFilesCheck {
  /** Why the files are no longer the ones recorded (the first that differs); undefined when each still has its recorded content. */
  changed: string | undefined;
  /**
   * When every file is unchanged but some were confirmed by their digest and can
   * now be stamped: the list with those new stamps, for the caller to store in
   * place of the recorded one, so later checks read none of them again.
   */
  restamped: LoadedFile[] | undefined;
}

/**
 * Whether the files still have their recorded content. A size that differs
 * settles it without reading. A stamp equal to the recorded one (same device,
 * inode, mtime and ctime to the nanosecond) settles that it is unchanged: any
 * write, rename over it or `touch` sets ctime to the moment of the change, which
 * no call can set back, and the stamp was taken only of a file that had not
 * changed for a while (`settledStampOf`). Otherwise the digest decides (a
 * rewrite of the same size, a restored modification time: only the content
 * counts), and a file it confirms gets the stamp of the stat taken before its
 * read, if that is settled: a change after that stat would set a later ctime,
 * so the stamp cannot vouch for other bytes. Files reinstalled with the same
 * content (a package manager relinking them) are then read once, not on every run.
 */
export function checkLoadedFiles(files: readonly LoadedFile[], now = Date.now()): LoadedFilesCheck {
  let restamped: LoadedFile[] | undefined;
  const changedBecause = (reason: string): LoadedFilesCheck => ({ changed: reason, restamped: undefined });
  for (const [index, file] of files.entries()) {
    let stats: BigIntStats;
    try {
      stats = statSync(file.path, { bigint: true });
    } catch {
      return changedBecause(`${file.path} is gone`);
    }
    if (Number(stats.size) !== file.size) return changedBecause(`${file.path} changed`);
    const stamp = stampOf(stats);
    if (file.stamp !== undefined && stamp === file.stamp) continue;
    let sha256: string;
    try {
      sha256 = sha256HexOfFile(readFileSync(file.path));
    } catch {
      return changedBecause(`${file.path} cannot be read`);
    }
    if (sha256 !== file.sha256) return changedBecause(`${file.path} changed`);
    if (stats.ctimeMs <= BigInt(now - SETTLED_MS)) {
      restamped ??= [...files];
      restamped[index] = { ...file, stamp };
    }
  }
  return { changed: undefined, restamped };
}

/** Why the files are no longer the ones recorded (the first that differs), or undefined: `checkLoadedFiles` without the new stamps. */
export function changedLoadedFile(files: readonly LoadedFile[]): string | undefined {
  return checkLoadedFiles(files).changed;
}

/**
 * A file's SHA-256 with `node:crypto`, loaded on first use: a cached run whose
 * files keep their stamps digests none, and loading it would cost that run about
 * 3 ms (see text-digest.ts). `getBuiltinModule` is Node 20.16's; older 20s require it.
 */
function sha256HexOfFile(bytes: Buffer): string {
  const crypto = process.getBuiltinModule?.('node:crypto') ?? (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Each file once, first occurrence first (two plugins of one package share an entry). */
export function uniqueLoadedFiles(files: Iterable<LoadedFile | undefined>): LoadedFile[] {
  const byPath = new Map<string, LoadedFile>();
  for (const file of files) if (file && !byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()];
}
