import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { SetupFailure } from '@runtime-env/core';
import { endOfArchive, entryHeader, paddingFor } from './tar-header.js';
import type { PackageEntry } from './package-entry.js';

export type PackageCompression = 'none' | 'gzip';

export function archiveExtension(compression: PackageCompression): '.tar' | '.tar.gz' {
  return compression === 'gzip' ? '.tar.gz' : '.tar';
}

async function writeChunk(stream: Writable, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Writes the deterministic tar of `entries` to `outputPath`. Each file's content is
 * hashed again on the way and must equal the digest its URI was computed from: a
 * file edited in between would otherwise publish bytes under the wrong name.
 */
export async function writePackageArchive(
  entries: readonly PackageEntry[],
  fileDigests: ReadonlyMap<string, string>,
  outputPath: string,
  options: { compression: PackageCompression; signal?: AbortSignal },
): Promise<void> {
  const fileStream = createWriteStream(outputPath, { highWaterMark: 1024 * 1024 });
  const gzip = options.compression === 'gzip' ? createGzip({ level: 6 }) : undefined;
  if (gzip) gzip.pipe(fileStream);
  const output: Writable = gzip ?? fileStream;
  const finished = once(fileStream, 'close');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  try {
    for (const entry of entries) {
      options.signal?.throwIfAborted();
      await writeChunk(output, entryHeader(entry.relativePath, entry.kind, entry.mode, entry.size));
      if (entry.kind !== 'file') continue;
      const hash = createHash('sha256');
      const handle = await fs.open(entry.absolutePath, 'r');
      let written = 0;
      try {
        while (written < entry.size) {
          const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, entry.size - written), null);
          if (bytesRead === 0) break;
          hash.update(buffer.subarray(0, bytesRead));
          // The stream keeps the chunk until flushed, so it gets a copy of the reused buffer.
          await writeChunk(output, Buffer.from(buffer.subarray(0, bytesRead)));
          written += bytesRead;
        }
      } finally {
        await handle.close();
      }
      if (written !== entry.size || hash.digest('hex') !== fileDigests.get(entry.relativePath)) {
        throw SetupFailure.transient(`${entry.absolutePath} changed while it was being packed`, {
          code: 'package_source_changed',
          hint: 'pack again once the files stop changing',
        });
      }
      await writeChunk(output, paddingFor(entry.size));
    }
    await writeChunk(output, endOfArchive);
    output.end();
    await finished;
  } catch (error) {
    output.destroy();
    fileStream.destroy();
    await fs.rm(outputPath, { force: true });
    throw error;
  }
}
