import { readSync } from 'node:fs';

/**
 * Small enough that content read into it is still in the CPU cache when it is
 * written out (4 MiB was twice as slow on a 1 GiB tree), large enough that most
 * files arrive with their header in one read.
 */
export const windowBytes = 256 * 1024;

/**
 * Reads an archive front to back through one large buffer, so a small file's
 * header and content cost no read call of their own, and content can be written
 * out straight from the buffer.
 */
export class TarBlockReader {
  private readonly window = Buffer.allocUnsafe(windowBytes);
  private start = 0;
  private end = 0;

  constructor(private readonly descriptor: number) {}

  /** The next `count` bytes (at most `windowBytes`), or undefined when the archive ends first. */
  take(count: number): Buffer | undefined {
    if (!this.fill(count)) return undefined;
    const bytes = this.window.subarray(this.start, this.start + count);
    this.start += count;
    return bytes;
  }

  /** Between 1 and `limit` of the next bytes, or undefined at the end of the archive. */
  takeUpTo(limit: number): Buffer | undefined {
    if (!this.fill(1)) return undefined;
    return this.take(Math.min(limit, this.end - this.start));
  }

  /** Skips `count` bytes; false when the archive ends first. */
  skip(count: number): boolean {
    for (let left = count; left > 0; ) {
      const skipped = this.takeUpTo(left);
      if (!skipped) return false;
      left -= skipped.length;
    }
    return true;
  }

  private fill(count: number): boolean {
    if (this.end - this.start >= count) return true;
    if (this.start > 0) {
      this.window.copy(this.window, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    while (this.end < count) {
      const bytesRead = readSync(this.descriptor, this.window, this.end, this.window.length - this.end, null);
      if (bytesRead === 0) return false;
      this.end += bytesRead;
    }
    return true;
  }
}
