import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { ExtractionGuard } from './extraction-guard.js';
import { safeMode } from './extraction-guard.js';
import { extractedMode, type DeferredLink, type ExtractedEntry } from './extracted-entry.js';

const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);

/**
 * Streams a tar (gzipped or not) into the guard's target. Entries are checked
 * before anything is written; symlinks are returned to be made last.
 */
export async function extractTar(
  archivePath: string,
  gzipped: boolean,
  guard: ExtractionGuard,
  signal?: AbortSignal,
): Promise<{ entries: ExtractedEntry[]; links: DeferredLink[] }> {
  const entries: ExtractedEntry[] = [];
  const links: DeferredLink[] = [];
  const writtenFiles = new Map<string, Promise<void>>();
  const pending: Promise<void>[] = [];
  let compressedBytesIn = 0;
  let failure: unknown;
  const openOutputs = new Set<NodeJS.WritableStream & { destroy(): void }>();

  const input = createReadStream(archivePath, { highWaterMark: 1024 * 1024 });
  input.on('data', (chunk) => (compressedBytesIn += chunk.length));
  const parser = new Parser({ strict: true, maxDecompressionRatio: Number.POSITIVE_INFINITY });

  const fail = (error: unknown) => {
    failure ??= error;
    input.destroy();
    for (const output of openOutputs) output.destroy();
    parser.abort(error instanceof Error ? error : new Error(String(error)));
  };

  async function writeFile(entry: ReadEntry, relativePath: string, absolutePath: string): Promise<void> {
    await fs.mkdir(path.dirname(absolutePath), { recursive: true });
    const hash = createHash('sha256');
    const output = createWriteStream(absolutePath, { mode: safeMode(entry.mode ?? 0o644, 'file') });
    openOutputs.add(output);
    // One listener does all: node-tar entries are Minipass streams, which flush
    // buffered data to the first listener synchronously, so a second consumer
    // (pipe) attached after it would get nothing.
    entry.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      try {
        guard.countBytes(relativePath, chunk.length, gzipped ? compressedBytesIn : 0);
      } catch (error) {
        fail(error);
        return;
      }
      if (!output.write(chunk)) {
        entry.pause();
        output.once('drain', () => entry.resume());
      }
    });
    entry.on('end', () => output.end());
    await once(output, 'close');
    openOutputs.delete(output);
    entries.push({ relativePath, kind: 'file', mode: extractedMode('file', entry.mode ?? 0o644), contentDigest: hash.digest('hex') });
  }

  function onEntry(entry: ReadEntry): void {
    try {
      signal?.throwIfAborted();
      const resolved = guard.resolveEntryPath(entry.path);
      if (!resolved) return void entry.resume();
      const { relativePath, absolutePath } = resolved;
      if (entry.type === 'Directory') {
        entry.resume();
        pending.push(fs.mkdir(absolutePath, { recursive: true, mode: safeMode(entry.mode ?? 0o755, 'directory') }).then(() => undefined));
        entries.push({ relativePath, kind: 'directory', mode: 0o755 });
      } else if (fileTypes.has(entry.type)) {
        const written = writeFile(entry, relativePath, absolutePath);
        writtenFiles.set(relativePath, written);
        pending.push(written);
      } else if (entry.type === 'SymbolicLink') {
        entry.resume();
        guard.checkSymlink(relativePath, entry.linkpath ?? '');
        links.push({ relativePath, absolutePath, target: entry.linkpath ?? '' });
        entries.push({ relativePath, kind: 'symlink', mode: 0o777 });
      } else if (entry.type === 'Link') {
        entry.resume();
        const linkTarget = guard.resolveEntryPath(entry.linkpath ?? '');
        const source = linkTarget && writtenFiles.get(linkTarget.relativePath);
        if (!linkTarget || !source) guard.reject(relativePath, `it is a hard link to "${entry.linkpath}", which is not a file earlier in the archive`);
        pending.push(
          source.then(async () => {
            await fs.mkdir(path.dirname(absolutePath), { recursive: true });
            await fs.copyFile(linkTarget.absolutePath, absolutePath);
          }),
        );
        entries.push({ relativePath, kind: 'file', mode: 0o644 });
      } else {
        guard.reject(relativePath, `its type is ${entry.type}; only files, folders and links are allowed (no devices, FIFOs or sparse files)`);
      }
    } catch (error) {
      entry.resume();
      fail(error);
    }
  }

  parser.on('entry', onEntry);
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('abort', reject);
    parser.on('error', reject);
  });
  input.on('error', fail);
  const source = gzipped ? input.pipe(createGunzip()).on('error', fail) : input;
  source.pipe(parser);
  await parsed.catch((error) => fail(error));
  const settled = await Promise.allSettled(pending);
  const firstRejection = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure;
  if (firstRejection) throw (firstRejection as PromiseRejectedResult).reason;
  return { entries, links };
}
