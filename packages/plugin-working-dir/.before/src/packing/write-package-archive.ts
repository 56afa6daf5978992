import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, promises as fs, readSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { SetupFailure } from '@runtime-env/core';
import { endOfArchive, entryHeader, paddingFor } from './tar-header.js';
import type { PackageEntry } from './package-entry.js';

export type PackageCompression = 'none' | 'gzip';

export function archiveExtension(compression: PackageCompression): '.tar' | '.tar.gz' {
  return compression === 'gzip' ? '.tar.gz' : '.tar';
}

/** Sync reads and writes with one buffer are about twice as fast as async ones here; the loop yields often enough for aborts to land. */
const yieldEveryBytes = 32 * 1024 * 1024;

/**
 * Writes the deterministic tar of `entries` to `outputPath` and returns each
 * file's SHA-256, computed from the bytes written: one read of every file gives
 * both the package's name and its content. When `expectedDigests` is given (the
 * URI was computed from cached digests), a file whose bytes differ fails the
 * pack instead of publishing content under the wrong name.
 */
export async function writePackageArchive(
  entries: readonly PackageEntry[],
  outputPath: string,
  options: { compression: PackageCompression; expectedDigests?: ReadonlyMap<string, string>; signal?: AbortSignal },
): Promise<Map<string, string>> {
  const tarPath = options.compression === 'gzip' ? `${outputPath}.tar` : outputPath;
  const output = openSync(tarPath, 'w');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const digests = new Map<string, string>();
  let sinceYield = 0;
  try {
    for (const entry of entries) {
      writeSync(output, entryHeader(entry.relativePath, entry.kind, entry.mode, entry.size));
      if (entry.kind !== 'file') continue;
      const hash = createHash('sha256');
      const input = openSync(entry.absolutePath, 'r');
      let written = 0;
      try {
        while (written < entry.size) {
          const bytesRead = readSync(input, buffer, 0, Math.min(buffer.length, entry.size - written), null);
          if (bytesRead === 0) break;
          const chunk = buffer.subarray(0, bytesRead);
          hash.update(chunk);
          writeSync(output, chunk);
          written += bytesRead;
        }
      } finally {
        closeSync(input);
      }
      const digest = hash.digest('hex');
      const expected = options.expectedDigests?.get(entry.relativePath);
      if (written !== entry.size || (expected !== undefined && expected !== digest)) {
        throw SetupFailure.transient(`${entry.absolutePath} changed while it was being packed`, {
          code: 'package_source_changed',
          hint: 'pack again once the files stop changing',
        });
      }
      digests.set(entry.relativePath, digest);
      writeSync(output, paddingFor(entry.size));
      sinceYield += entry.size;
      if (sinceYield >= yieldEveryBytes) {
        sinceYield = 0;
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
      }
    }
    writeSync(output, endOfArchive);
    closeSync(output);
    if (options.compression === 'gzip') {
      await pipeline(createReadStream(tarPath), createGzip({ level: 6 }), createWriteStream(outputPath), { signal: options.signal });
      await fs.rm(tarPath, { force: true });
    }
    return digests;
  } catch (error) {
    try {
      closeSync(output);
    } catch {
      // Already closed.
    }
    await fs.rm(tarPath, { force: true });
    await fs.rm(outputPath, { force: true });
    throw error;
  }
}
