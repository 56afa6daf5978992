import path from 'node:path';
import { UnsafeArchiveError } from './unsafe-archive-error.js';

export interface ExtractionLimits {
  maxExtractedBytes: number;
  maxEntries: number;
  /** Bytes out per compressed byte in, checked once more than `ratioCheckAfterBytes` came out. */
  maxCompressionRatio: number;
}

/**
 * Where a symlink may point. `inside`: only at a path inside the target, by a
 * relative path (archives of code). `inside-or-absolute`: also at an absolute
 * path, kept as written (conda packages, which link to system files); such a
 * link is never followed by extraction or by another link's check.
 */
export type LinkTargetPolicy = 'inside' | 'inside-or-absolute';

const ratioCheckAfterBytes = 16 * 1024 * 1024;
/** Linux's NAME_MAX and PATH_MAX, in bytes: checked up front so a long name gets a reason, not ENAMETOOLONG. */
export const maxNameBytes = 255;
export const maxPathBytes = 4095;

/**
 * Every check an entry must pass before anything is written for it. One guard
 * serves one archive and keeps the running totals that catch bombs.
 */
export class ExtractionGuard {
  private entries = 0;
  private bytesOut = 0;

  constructor(
    readonly archiveName: string,
    readonly targetDirectory: string,
    private readonly limits: ExtractionLimits,
    readonly linkTargets: LinkTargetPolicy = 'inside',
  ) {}

  reject(entry: string, reason: string): never {
    throw this.rejectionOf(entry, reason);
  }

  /** The error `reject` throws, for code that hands errors on instead of throwing them. */
  rejectionOf(entry: string, reason: string): UnsafeArchiveError {
    return new UnsafeArchiveError(this.archiveName, entry, reason);
  }

  /** The entry's path inside the target; throws for absolute paths, `..`, NUL bytes, over-long names and the like. */
  resolveEntryPath(rawName: string): { relativePath: string; absolutePath: string } | undefined {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries)
      this.reject(rawName, `the archive has more than ${this.limits.maxEntries} entries (plugin option maxArchiveEntries)`);
    return this.checkName(rawName);
  }

  /** The same checks as `resolveEntryPath` for a name an entry refers to (a hard link's source), without counting an entry. */
  checkName(rawName: string): { relativePath: string; absolutePath: string } | undefined {
    const shown = rawName.length > 200 ? `${rawName.slice(0, 200)}…` : rawName;
    if (rawName.includes('\0')) this.reject(shown, 'the name contains a NUL byte');
    if (rawName.startsWith('/') || /^[A-Za-z]:/.test(rawName) || rawName.startsWith('\\')) this.reject(shown, 'absolute paths are not allowed');
    const parts = rawName.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) this.reject(shown, '".." would leave the target folder');
    if (parts.some((part) => part.includes('\\'))) this.reject(shown, 'backslashes in names are not allowed (they are path separators on Windows)');
    const longPart = parts.find((part) => Buffer.byteLength(part) > maxNameBytes);
    if (longPart !== undefined) {
      this.reject(shown, `one part of the name is ${Buffer.byteLength(longPart)} bytes long; file systems allow at most ${maxNameBytes} bytes per name`);
    }
    if (parts.length === 0) return undefined;
    const relativePath = parts.join('/');
    const absolutePath = path.join(this.targetDirectory, relativePath);
    if (Buffer.byteLength(absolutePath) > maxPathBytes) {
      this.reject(
        shown,
        `the path would be ${Buffer.byteLength(absolutePath)} bytes long once extracted to ${this.targetDirectory}; the system allows at most ${maxPathBytes}`,
      );
    }
    return { relativePath, absolutePath };
  }

  /**
   * The first check of a symlink, on its text alone: no absolute target (unless
   * the policy keeps them), no `..` past the top. Chains through other links are
   * checked once every link is in place (`placeLinks`).
   */
  checkSymlink(relativePath: string, linkTarget: string): void {
    if (linkTarget === '') this.reject(relativePath, 'it is a symlink with an empty target');
    if (linkTarget.includes('\0')) this.reject(relativePath, 'its symlink target contains a NUL byte');
    if (Buffer.byteLength(linkTarget) > maxPathBytes) this.reject(relativePath, `its symlink target is longer than ${maxPathBytes} bytes`);
    if (path.isAbsolute(linkTarget)) {
      if (this.linkTargets === 'inside-or-absolute') return;
      this.reject(relativePath, `it is a symlink to the absolute path "${linkTarget}"`);
    }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(relativePath), linkTarget));
    if (resolved === '..' || resolved.startsWith('../')) this.reject(relativePath, `it is a symlink to "${linkTarget}", outside the target folder`);
  }

  /** Counts bytes written; `compressedBytesIn` is what was read from the archive so far. */
  countBytes(entry: string, bytes: number, compressedBytesIn: number): void {
    this.bytesOut += bytes;
    if (this.bytesOut > this.limits.maxExtractedBytes) {
      this.reject(entry, `the archive unpacks to more than ${this.limits.maxExtractedBytes} bytes (plugin option maxExtractedBytes)`);
    }
    if (this.bytesOut > ratioCheckAfterBytes && compressedBytesIn > 0 && this.bytesOut / compressedBytesIn > this.limits.maxCompressionRatio) {
      this.reject(entry, `the archive expands more than ${this.limits.maxCompressionRatio} times (a decompression bomb?) (plugin option maxCompressionRatio)`);
    }
  }

  /**
   * Turns a file-system error met while writing `entry` into a rejection that
   * says what in the archive caused it (two entries of one name, a file where a
   * folder should be...), instead of a bare errno.
   */
  rejectFilesystemError(entry: string, error: unknown): never {
    if (error instanceof UnsafeArchiveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOTDIR: 'a file of the archive stands where this entry needs a folder',
      EISDIR: 'a folder of the archive has the same name',
      // mkdir -p meets a file on the way (or a file meets an earlier folder's name).
      EEXIST: 'a file of the archive stands where this entry needs a folder, or has its name',
      ENAMETOOLONG: 'its name is longer than the file system allows',
      ELOOP: 'its path runs through links that form a loop',
    };
    const reason = code ? reasons[code] : undefined;
    if (!reason) throw error;
    this.reject(entry, `${reason} (${code})`);
  }

  /** A parser's or decompressor's complaint about the archive's bytes, as a rejection that says so. */
  rejectMalformed(error: unknown): never {
    if (error instanceof UnsafeArchiveError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    this.reject('(archive)', `it is not a well-formed archive: ${message}`);
  }
}

/** Permission bits only: setuid, setgid and sticky bits are dropped, and the owner can always read and write. */
export function safeMode(mode: number, kind: 'file' | 'directory'): number {
  return (mode & 0o777) | (kind === 'directory' ? 0o700 : 0o600);
}
