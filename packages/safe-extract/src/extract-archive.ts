import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ExtractionGuard, type ExtractionLimits, type LinkTargetPolicy } from './extraction-guard.js';
import type { DeferredLink, ExtractedEntry } from './extracted-entry.js';
import { extractPlainTar, FullTarParserNeeded } from './extract-plain-tar.js';
import { extractTarStream } from './extract-tar.js';
import { extractZip } from './extract-zip.js';
import { placeLinks } from './place-links.js';

export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

/** Recognizes the format from the first bytes, not the name: a URI's extension can lie. */
export async function detectArchiveFormat(archivePath: string): Promise<ArchiveFormat | undefined> {
  const handle = await fs.open(archivePath, 'r');
  try {
    const header = Buffer.alloc(512);
    const { bytesRead } = await handle.read(header, 0, 512, 0);
    if (bytesRead >= 4 && header.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 4 && header.readUInt32LE(0) === 0x06054b50) return 'zip';
    if (bytesRead >= 2 && header[0] === 0x1f && header[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 262 && header.toString('ascii', 257, 262) === 'ustar') return 'tar';
    return undefined;
  } finally {
    await handle.close();
  }
}

export interface ExtractArchiveOptions {
  limits: ExtractionLimits;
  archiveName?: string;
  signal?: AbortSignal;
  /** Compute each file's SHA-256 while writing it (default true); off when nothing will check them. */
  digestContents?: boolean;
  /** Where symlinks may point (default `inside`). */
  linkTargets?: LinkTargetPolicy;
}

type Extracted = { entries: ExtractedEntry[]; links: DeferredLink[] };

async function extractFileTar(archivePath: string, gzipped: boolean, guard: ExtractionGuard, options: ExtractArchiveOptions): Promise<Extracted> {
  const input = createReadStream(archivePath, { highWaterMark: 1024 * 1024 });
  let compressedBytesIn = 0;
  if (gzipped) input.on('data', (chunk) => (compressedBytesIn += chunk.length));
  const source: Readable = gzipped ? input.pipe(createGunzip()) : input;
  if (gzipped) input.on('error', (error) => source.destroy(error));
  try {
    return await extractTarStream(source, guard, {
      digestContents: options.digestContents ?? true,
      signal: options.signal,
      compressedBytesIn: gzipped ? () => compressedBytesIn : undefined,
    });
  } finally {
    input.destroy();
  }
}

async function extractInto(archivePath: string, format: ArchiveFormat, guard: ExtractionGuard, options: ExtractArchiveOptions): Promise<Extracted> {
  const digestContents = options.digestContents ?? true;
  if (format === 'zip') return extractZip(archivePath, guard, options.signal);
  if (format === 'tar') return { entries: await extractPlainTar(archivePath, guard, { digestContents, signal: options.signal }), links: [] };
  return extractFileTar(archivePath, true, guard, options);
}

/**
 * Makes `targetDirectory` (which must not exist yet) and runs `fill` in it; on
 * any rejection or error the target is removed whole, so nothing half-made
 * stays behind. Links are placed last, by `placeLinks`, which never follows one.
 */
async function extractIntoNewTarget(targetDirectory: string, fill: () => Promise<Extracted>): Promise<ExtractedEntry[]> {
  await fs.mkdir(path.dirname(targetDirectory), { recursive: true });
  await fs.mkdir(targetDirectory);
  try {
    const extracted = await fill();
    return extracted.entries;
  } catch (error) {
    await fs.rm(targetDirectory, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Extracts an untrusted zip, tar or tar.gz archive into `targetDirectory`,
 * which must not exist yet. Nothing outside the target is created, changed or
 * removed, whatever the archive holds; the error names the entry and the reason.
 */
export async function extractArchive(archivePath: string, targetDirectory: string, options: ExtractArchiveOptions): Promise<ExtractedEntry[]> {
  const archiveName = options.archiveName ?? archivePath;
  const format = await detectArchiveFormat(archivePath);
  return extractIntoNewTarget(targetDirectory, async () => {
    // Annotated so that `reject` (which returns never) narrows `format`.
    let guard: ExtractionGuard = new ExtractionGuard(archiveName, targetDirectory, options.limits, options.linkTargets);
    if (!format) guard.reject('(header)', 'it is not a zip, tar or tar.gz archive');
    let extracted: Extracted;
    try {
      extracted = await extractInto(archivePath, format, guard, options);
    } catch (error) {
      if (!(error instanceof FullTarParserNeeded)) throw error;
      // Links, devices or GNU headers: start over with node-tar and its checks for them.
      await fs.rm(targetDirectory, { recursive: true, force: true });
      await fs.mkdir(targetDirectory);
      guard = new ExtractionGuard(archiveName, targetDirectory, options.limits, options.linkTargets);
      extracted = await extractFileTar(archivePath, false, guard, options);
    }
    placeLinks(guard, extracted.links);
    return extracted;
  });
}

/**
 * Extracts several tar streams (already decompressed) into one new target, as
 * one archive: the checks, limits and link rules of `extractArchive` apply to
 * all of them together, and links are placed once every stream is in. `feed`
 * calls `extract` once per stream, in turn. For formats that wrap tars in
 * something else (conda's `.conda` zip of zstd tars, `.tar.bz2`).
 */
export async function extractTarStreams(
  targetDirectory: string,
  options: ExtractArchiveOptions & { archiveName: string },
  feed: (extract: (tarBytes: Readable) => Promise<void>) => Promise<void>,
): Promise<ExtractedEntry[]> {
  return extractIntoNewTarget(targetDirectory, async () => {
    const guard = new ExtractionGuard(options.archiveName, targetDirectory, options.limits, options.linkTargets);
    const all: Extracted = { entries: [], links: [] };
    await feed(async (tarBytes) => {
      const extracted = await extractTarStream(tarBytes, guard, { digestContents: options.digestContents ?? false, signal: options.signal });
      for (const entry of extracted.entries) all.entries.push(entry);
      for (const link of extracted.links) all.links.push(link);
    });
    placeLinks(guard, all.links);
    return all;
  });
}
