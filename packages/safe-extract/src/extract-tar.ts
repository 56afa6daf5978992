import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { ReadEntry } from 'tar';
import type { ExtractionGuard } from './extraction-guard.js';
import { safeMode } from './extraction-guard.js';
import { extractedMode, type DeferredLink, type ExtractedEntry } from './extracted-entry.js';
import { loadTarParser } from './load-tar-parser.js';

const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);

/** node-tar's complaints (TAR_*) and zlib's (Z_*) are about the archive's bytes; anything else is not. */
function isFormatError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(TAR_|Z_)/.test(code);
}

/** A PAX record of GNU tar's sparse formats (0.0, 0.1, 1.0), which node-tar would silently turn into a wrong file. */
const gnuSparsePaxRecord = /(?:^|\n)\d+ GNU\.sparse\./;

export interface TarStreamOptions {
  digestContents: boolean;
  signal?: AbortSignal;
  /** Compressed bytes read so far, for the bomb check; omitted when the tar is not compressed. */
  compressedBytesIn?: () => number;
}

/**
 * Streams the bytes of a tar (already decompressed) into the guard's target.
 * Entries are checked before anything is written; symlinks are returned to be
 * made last. Files are written with sync calls as their data arrives: entries
 * come one after the other, and this is several times faster than a write
 * stream per file. Nothing is written through a link: none exists yet.
 */
export async function extractTarStream(
  source: Readable,
  guard: ExtractionGuard,
  options: TarStreamOptions,
): Promise<{ entries: ExtractedEntry[]; links: DeferredLink[] }> {
  const signal = options.signal;
  // Taken in before the first await: an old-style stream (unbzip2-stream's) pushes its data
  // whether or not anyone listens, and would be done before the parser is loaded.
  let sourceError: unknown;
  source.once('error', (error) => (sourceError ??= error));
  const input = source.pipe(new PassThrough({ highWaterMark: 1024 * 1024 }));
  const Parser = await loadTarParser();
  const entries: ExtractedEntry[] = [];
  const links: DeferredLink[] = [];
  const writtenFiles = new Set<string>();
  const madeDirectories = new Set<string>();
  const compressedBytesIn = options.compressedBytesIn ?? (() => 0);
  let failure: unknown;
  let openFile: number | undefined;

  const parser = new Parser({ strict: true, maxDecompressionRatio: Number.POSITIVE_INFINITY });

  const fail = (error: unknown) => {
    if (failure) return;
    failure = error;
    source.destroy();
    input.destroy();
    if (openFile !== undefined) closeSync(openFile);
    openFile = undefined;
    parser.abort(error instanceof Error ? error : new Error(String(error)));
  };

  const makeDirectory = (directory: string, mode = 0o755) => {
    if (madeDirectories.has(directory)) return;
    mkdirSync(directory, { recursive: true, mode });
    madeDirectories.add(directory);
  };

  function writeFile(entry: ReadEntry, relativePath: string, absolutePath: string): void {
    makeDirectory(path.dirname(absolutePath));
    const hash = options.digestContents ? createHash('sha256') : undefined;
    const descriptor = openSync(absolutePath, 'w', safeMode(entry.mode ?? 0o644, 'file'));
    openFile = descriptor;
    entry.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        guard.countBytes(relativePath, chunk.length, compressedBytesIn());
        hash?.update(chunk);
        writeSync(descriptor, chunk);
      } catch (error) {
        fail(asArchiveError(relativePath, error));
      }
    });
    entry.on('end', () => {
      if (failure) return;
      closeSync(descriptor);
      openFile = undefined;
      writtenFiles.add(relativePath);
      entries.push({ relativePath, kind: 'file', mode: extractedMode('file', entry.mode ?? 0o644), contentDigest: hash?.digest('hex') });
    });
  }

  function onEntry(entry: ReadEntry): void {
    try {
      if (failure) return void entry.resume();
      signal?.throwIfAborted();
      const resolved = guard.resolveEntryPath(entry.path);
      if (!resolved) return void entry.resume();
      const { relativePath, absolutePath } = resolved;
      if (fileTypes.has(entry.type)) return writeFile(entry, relativePath, absolutePath);
      entry.resume();
      if (entry.type === 'Directory') {
        makeDirectory(absolutePath, safeMode(entry.mode ?? 0o755, 'directory'));
        entries.push({ relativePath, kind: 'directory', mode: 0o755 });
      } else if (entry.type === 'SymbolicLink') {
        guard.checkSymlink(relativePath, entry.linkpath ?? '');
        links.push({ relativePath, absolutePath, target: entry.linkpath ?? '' });
        entries.push({ relativePath, kind: 'symlink', mode: 0o777 });
      } else if (entry.type === 'Link') {
        // The source is a file this extraction wrote: no link exists yet, so copying it reads inside the target.
        const linkTarget = guard.checkName(entry.linkpath ?? '');
        if (!linkTarget || !writtenFiles.has(linkTarget.relativePath)) {
          guard.reject(relativePath, `it is a hard link to "${entry.linkpath}", which is not a file earlier in the archive`);
        }
        makeDirectory(path.dirname(absolutePath));
        copyFileSync(linkTarget.absolutePath, absolutePath);
        entries.push({ relativePath, kind: 'file', mode: 0o644 });
      } else {
        guard.reject(relativePath, `its type is ${entry.type}; only files, folders and links are allowed (no devices, FIFOs or sparse files)`);
      }
    } catch (error) {
      entry.resume();
      fail(asArchiveError(entry.path, error));
    }
  }

  function asArchiveError(entryName: string, error: unknown): unknown {
    try {
      return guard.rejectFilesystemError(entryName, error);
    } catch (rejection) {
      return rejection;
    }
  }

  parser.on('entry', onEntry);
  // node-tar skips entry types it does not know (GNU sparse files among them) and drops
  // PAX records it does not know: either would give a `ready` tree that lacks files.
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    fail(guard.rejectionOf(entry.path, `its type is ${entry.type}, which is not extracted (sparse files, unknown types and oversized headers are refused)`));
  });
  parser.on('meta', (text: string) => {
    if (gnuSparsePaxRecord.test(text)) fail(guard.rejectionOf('(PAX header)', 'it describes a GNU sparse file, which is not extracted'));
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('abort', reject);
    parser.on('error', reject);
  });
  const onSourceError = (error: unknown) =>
    fail(isFormatError(error) ? guard.rejectionOf('(archive)', `it is not a well-formed archive: ${(error as Error).message}`) : error);
  if (sourceError !== undefined) onSourceError(sourceError);
  source.on('error', onSourceError);
  input.pipe(parser);
  await parsed.catch((error) =>
    fail(isFormatError(error) ? guard.rejectionOf('(archive)', `it is not a well-formed tar: ${(error as Error).message}`) : error),
  );
  if (failure) throw failure;
  return { entries, links };
}
