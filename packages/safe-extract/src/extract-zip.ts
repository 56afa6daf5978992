import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import type { ExtractionGuard } from './extraction-guard.js';
import { maxPathBytes, safeMode } from './extraction-guard.js';
import { extractedMode, type DeferredLink, type ExtractedEntry } from './extracted-entry.js';

const fileTypeMask = 0o170000;
const typeBits = { file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;
const madeOnUnix = 3;

/** yauzl's errors carry no code; an errno code means the file system, not the archive. */
function asZipError(guard: ExtractionGuard, error: Error): Error {
  if ((error as NodeJS.ErrnoException).code !== undefined) return error;
  return guard.rejectionOf('(archive)', `it is not a well-formed zip: ${error.message}`);
}

async function openZip(archivePath: string, guard: ExtractionGuard): Promise<ZipFile> {
  const yauzl = await import('yauzl');
  return new Promise((resolve, reject) =>
    yauzl.open(archivePath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (error, zip) =>
      error ? reject(asZipError(guard, error)) : resolve(zip),
    ),
  );
}

function openEntry(zip: ZipFile, entry: Entry, guard: ExtractionGuard): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(asZipError(guard, error)) : resolve(stream.on('error', () => undefined)))),
  );
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Extracts a zip entry by entry into the guard's target; symlinks are returned to be made last. */
export async function extractZip(
  archivePath: string,
  guard: ExtractionGuard,
  signal?: AbortSignal,
): Promise<{ entries: ExtractedEntry[]; links: DeferredLink[] }> {
  const archiveBytes = (await fs.stat(archivePath)).size;
  const zip = await openZip(archivePath, guard);
  const entries: ExtractedEntry[] = [];
  const links: DeferredLink[] = [];
  try {
    const nextEntry = () =>
      new Promise<Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', (error: Error) => reject(guard.rejectionOf('(archive)', `it is not a well-formed zip: ${error.message}`)));
        zip.readEntry();
      });
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      signal?.throwIfAborted();
      const rawName = (entry.fileName as unknown as Buffer).toString('utf8');
      const resolved = guard.resolveEntryPath(rawName);
      if (!resolved) continue;
      const { relativePath, absolutePath } = resolved;
      try {
        await extractEntry(zip, entry, rawName, relativePath, absolutePath);
      } catch (error) {
        guard.rejectFilesystemError(relativePath, error);
      }
    }
  } finally {
    zip.close();
  }
  return { entries, links };

  async function extractEntry(zip: ZipFile, entry: Entry, rawName: string, relativePath: string, absolutePath: string): Promise<void> {
    const unixMode = entry.versionMadeBy >> 8 === madeOnUnix ? entry.externalFileAttributes >>> 16 : 0;
    const type = unixMode & fileTypeMask;
    if (type !== 0 && type !== typeBits.file && type !== typeBits.directory && type !== typeBits.symlink) {
      guard.reject(relativePath, `its file type is 0o${type.toString(8)}; only files, folders and links are allowed (no devices or FIFOs)`);
    }
    if (rawName.endsWith('/') || type === typeBits.directory) {
      await fs.mkdir(absolutePath, { recursive: true, mode: safeMode(unixMode || 0o755, 'directory') });
      entries.push({ relativePath, kind: 'directory', mode: 0o755 });
      return;
    }
    // yauzl fails the stream if the data does not match the declared size, so counting it up front is safe.
    guard.countBytes(relativePath, entry.uncompressedSize, archiveBytes);
    if (type === typeBits.symlink) {
      if (entry.uncompressedSize > maxPathBytes) guard.reject(relativePath, `its symlink target is longer than ${maxPathBytes} bytes`);
      const target = await readAll(await openEntry(zip, entry, guard)).catch((error: Error) => Promise.reject(asZipError(guard, error)));
      guard.checkSymlink(relativePath, target);
      links.push({ relativePath, absolutePath, target });
      entries.push({ relativePath, kind: 'symlink', mode: 0o777 });
      return;
    }
    await fs.mkdir(path.dirname(absolutePath), { recursive: true });
    const hash = createHash('sha256');
    const stream = await openEntry(zip, entry, guard);
    stream.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(stream, createWriteStream(absolutePath, { mode: safeMode(unixMode || 0o644, 'file') })).catch((error: Error) =>
      Promise.reject(asZipError(guard, error)),
    );
    entries.push({ relativePath, kind: 'file', mode: extractedMode('file', unixMode || 0o644), contentDigest: hash.digest('hex') });
  }
}
