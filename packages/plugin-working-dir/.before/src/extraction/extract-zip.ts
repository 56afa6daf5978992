import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import type { ExtractionGuard } from './extraction-guard.js';
import { safeMode } from './extraction-guard.js';
import { extractedMode, type DeferredLink, type ExtractedEntry } from './extracted-entry.js';

const fileTypeMask = 0o170000;
const typeBits = { file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;
const madeOnUnix = 3;

async function openZip(archivePath: string): Promise<ZipFile> {
  const yauzl = await import('yauzl');
  return new Promise((resolve, reject) =>
    yauzl.open(archivePath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
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
  const zip = await openZip(archivePath);
  const entries: ExtractedEntry[] = [];
  const links: DeferredLink[] = [];
  try {
    const nextEntry = () =>
      new Promise<Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      signal?.throwIfAborted();
      const rawName = (entry.fileName as unknown as Buffer).toString('utf8');
      const resolved = guard.resolveEntryPath(rawName);
      if (!resolved) continue;
      const { relativePath, absolutePath } = resolved;
      const unixMode = entry.versionMadeBy >> 8 === madeOnUnix ? entry.externalFileAttributes >>> 16 : 0;
      const type = unixMode & fileTypeMask;
      if (type !== 0 && type !== typeBits.file && type !== typeBits.directory && type !== typeBits.symlink) {
        guard.reject(relativePath, `its file type is 0o${type.toString(8)}; only files, folders and links are allowed (no devices or FIFOs)`);
      }
      if (rawName.endsWith('/') || type === typeBits.directory) {
        await fs.mkdir(absolutePath, { recursive: true, mode: safeMode(unixMode || 0o755, 'directory') });
        entries.push({ relativePath, kind: 'directory', mode: 0o755 });
        continue;
      }
      if (type === typeBits.symlink) {
        const target = await readAll(await openEntry(zip, entry));
        guard.checkSymlink(relativePath, target);
        links.push({ relativePath, absolutePath, target });
        entries.push({ relativePath, kind: 'symlink', mode: 0o777 });
        continue;
      }
      await fs.mkdir(path.dirname(absolutePath), { recursive: true });
      // yauzl fails the stream if the data does not match the declared size, so counting it up front is safe.
      guard.countBytes(relativePath, entry.uncompressedSize, archiveBytes);
      const hash = createHash('sha256');
      const stream = await openEntry(zip, entry);
      const output = createWriteStream(absolutePath, { mode: safeMode(unixMode || 0o644, 'file') });
      stream.on('data', (chunk: Buffer) => hash.update(chunk));
      stream.pipe(output);
      await Promise.race([once(output, 'close'), once(stream, 'error').then(([error]) => Promise.reject(error))]);
      entries.push({ relativePath, kind: 'file', mode: extractedMode('file', unixMode || 0o644), contentDigest: hash.digest('hex') });
    }
  } finally {
    zip.close();
  }
  return { entries, links };
}
