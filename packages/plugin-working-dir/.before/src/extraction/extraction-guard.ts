import path from 'node:path';
import { UnsafeArchiveError } from '../working-dir-errors.js';

export interface ExtractionLimits {
  maxExtractedBytes: number;
  maxEntries: number;
  /** Bytes out per compressed byte in, checked once more than `ratioCheckAfterBytes` came out. */
  maxCompressionRatio: number;
}

const ratioCheckAfterBytes = 16 * 1024 * 1024;

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
  ) {}

  reject(entry: string, reason: string): never {
    throw new UnsafeArchiveError(this.archiveName, entry, reason);
  }

  /** The entry's path inside the target; throws for absolute paths, `..`, NUL bytes and the like. */
  resolveEntryPath(rawName: string): { relativePath: string; absolutePath: string } | undefined {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) this.reject(rawName, `the archive has more than ${this.limits.maxEntries} entries (plugin option maxArchiveEntries)`);
    if (rawName.includes('\0')) this.reject(rawName, 'the name contains a NUL byte');
    if (rawName.startsWith('/') || /^[A-Za-z]:/.test(rawName) || rawName.startsWith('\\')) this.reject(rawName, 'absolute paths are not allowed');
    const parts = rawName.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) this.reject(rawName, '".." would leave the target folder');
    if (parts.some((part) => part.includes('\\'))) this.reject(rawName, 'backslashes in names are not allowed (they are path separators on Windows)');
    if (parts.length === 0) return undefined;
    const relativePath = parts.join('/');
    return { relativePath, absolutePath: path.join(this.targetDirectory, relativePath) };
  }

  /** A symlink may only point at something inside the target, by a relative path. */
  checkSymlink(relativePath: string, linkTarget: string): void {
    if (path.isAbsolute(linkTarget)) this.reject(relativePath, `it is a symlink to the absolute path "${linkTarget}"`);
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
}

/** Permission bits only: setuid, setgid and sticky bits are dropped, and the owner can always read and write. */
export function safeMode(mode: number, kind: 'file' | 'directory'): number {
  return (mode & 0o777) | (kind === 'directory' ? 0o700 : 0o600);
}
