import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ExtractionGuard } from './extraction-guard.js';
import { safeMode } from './extraction-guard.js';
import { extractedMode, type ExtractedEntry } from './extracted-entry.js';
import { TarBlockReader } from './tar-block-reader.js';
import { parsePaxRecords, parseUstarHeader } from './ustar-header.js';

/**
 * Thrown when an archive uses more of tar than the lean reader knows (links,
 * devices, GNU headers...): the caller starts again with the full parser, which
 * has the checks for those.
 */
export class FullTarParserNeeded extends Error {
  constructor(reason: string) {
    super(`the lean tar reader cannot read this archive: ${reason}`);
  }
}

const blockBytes = 512;
/** Our PAX headers hold one path; bigger ones go to the full parser. */
const maxPaxBytes = 64 * 1024;
const yieldEveryBytes = 32 * 1024 * 1024;
const fileTypes = new Set(['0', '\0', '7']);

function paddingOf(size: number): number {
  return (blockBytes - (size % blockBytes)) % blockBytes;
}

function writeAll(descriptor: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
}

/**
 * Creates a new file, never opening one that exists: nothing can be written
 * through a name an earlier entry made. An archive that names a file twice goes
 * to the full parser, which replaces it as tar does.
 */
function openExclusive(absolutePath: string, mode: number): number {
  try {
    return openSync(absolutePath, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FullTarParserNeeded(`it names ${absolutePath} twice`);
    throw error;
  }
}

/**
 * Extracts an uncompressed POSIX tar of files and folders (what `rtenv pack`
 * writes) with sync reads through one buffer: several times faster than a
 * streaming parser that makes an event per chunk. The guard checks every entry
 * as the full parser's path does; anything else in the archive throws
 * `FullTarParserNeeded`. With `digestContents`, each file's SHA-256 is computed
 * from the bytes as they are written, so checking a package needs no second read.
 */
export async function extractPlainTar(
  archivePath: string,
  guard: ExtractionGuard,
  options: { digestContents: boolean; signal?: AbortSignal },
): Promise<ExtractedEntry[]> {
  const entries: ExtractedEntry[] = [];
  const madeDirectories = new Set<string>();
  const makeDirectory = (directory: string, mode = 0o755) => {
    if (madeDirectories.has(directory)) return;
    mkdirSync(directory, { recursive: true, mode });
    madeDirectories.add(directory);
  };
  const descriptor = openSync(archivePath, 'r');
  const reader = new TarBlockReader(descriptor);
  let sinceYield = 0;

  function writeFile(relativePath: string, absolutePath: string, mode: number, size: number): void {
    makeDirectory(path.dirname(absolutePath));
    const hash: Hash | undefined = options.digestContents ? createHash('sha256') : undefined;
    const output = openExclusive(absolutePath, safeMode(mode, 'file'));
    try {
      for (let left = size; left > 0; ) {
        const chunk = reader.takeUpTo(left) ?? guard.reject(relativePath, 'the archive ends inside this file (it is truncated)');
        guard.countBytes(relativePath, chunk.length, 0);
        hash?.update(chunk);
        writeAll(output, chunk);
        left -= chunk.length;
      }
    } finally {
      closeSync(output);
    }
    if (!reader.skip(paddingOf(size))) guard.reject(relativePath, 'the archive ends inside this file (it is truncated)');
    entries.push({ relativePath, kind: 'file', mode: extractedMode('file', mode), contentDigest: hash?.digest('hex'), size });
  }

  try {
    let pax: { path?: string; size?: number } = {};
    for (;;) {
      options.signal?.throwIfAborted();
      const block = reader.take(blockBytes);
      if (!block) throw new FullTarParserNeeded('it ends without the end-of-archive blocks');
      const header = parseUstarHeader(block);
      if (header === 'end') break;
      if (header === 'unsupported') throw new FullTarParserNeeded('a header is not POSIX ustar');
      if (header.type === 'x') {
        if (header.size > maxPaxBytes) throw new FullTarParserNeeded('a PAX header is over 64 KiB');
        const body = reader.take(header.size + paddingOf(header.size));
        const records = body ? parsePaxRecords(body.subarray(0, header.size)) : 'unsupported';
        if (records === 'unsupported') throw new FullTarParserNeeded('a PAX header holds more than a path and a size');
        pax = records;
        continue;
      }
      const rawPath = pax.path ?? header.path;
      const size = pax.size ?? header.size;
      pax = {};
      const isFile = fileTypes.has(header.type);
      if (!isFile && header.type !== '5') throw new FullTarParserNeeded(`entry type "${header.type}"`);
      const resolved = guard.resolveEntryPath(rawPath);
      if (!resolved) {
        if (!reader.skip(size + paddingOf(size))) guard.reject(rawPath, 'the archive ends inside this entry (it is truncated)');
        continue;
      }
      const { relativePath, absolutePath } = resolved;
      try {
        if (isFile) {
          writeFile(relativePath, absolutePath, header.mode, size);
          sinceYield += size;
        } else {
          if (!reader.skip(size + paddingOf(size))) guard.reject(relativePath, 'the archive ends inside this entry (it is truncated)');
          makeDirectory(absolutePath, safeMode(header.mode, 'directory'));
          entries.push({ relativePath, kind: 'directory', mode: 0o755 });
        }
      } catch (error) {
        guard.rejectFilesystemError(relativePath, error);
      }
      if (sinceYield >= yieldEveryBytes) {
        sinceYield = 0;
        // Lets a timeout or cancellation land during a long extraction.
        await yieldToEventLoop();
      }
    }
  } finally {
    closeSync(descriptor);
  }
  return entries;
}
