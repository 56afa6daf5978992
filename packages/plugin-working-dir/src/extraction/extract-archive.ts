import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExtractionGuard, type ExtractionLimits } from './extraction-guard.js';
import type { DeferredLink, ExtractedEntry } from './extracted-entry.js';
import { extractPlainTar, FullTarParserNeeded } from './extract-plain-tar.js';
import { extractTar } from './extract-tar.js';
import { extractZip } from './extract-zip.js';

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

async function createLinks(links: readonly DeferredLink[]): Promise<void> {
  for (const link of links) {
    await fs.mkdir(path.dirname(link.absolutePath), { recursive: true });
    await fs.rm(link.absolutePath, { recursive: true, force: true });
    await fs.symlink(link.target, link.absolutePath);
  }
}

export interface ExtractArchiveOptions {
  limits: ExtractionLimits;
  archiveName?: string;
  signal?: AbortSignal;
  /** Compute each file's SHA-256 while writing it (default true); off when nothing will check them. */
  digestContents?: boolean;
}

async function extractInto(archivePath: string, format: ArchiveFormat, guard: ExtractionGuard, options: ExtractArchiveOptions) {
  const digestContents = options.digestContents ?? true;
  if (format === 'zip') return extractZip(archivePath, guard, options.signal);
  if (format === 'tar') return { entries: await extractPlainTar(archivePath, guard, { digestContents, signal: options.signal }), links: [] };
  return extractTar(archivePath, true, guard, { digestContents, signal: options.signal });
}

/**
 * Extracts an untrusted archive into `targetDirectory`, which must not exist yet.
 * On any rejection or error the target is removed whole, so nothing half-made
 * stays behind, and the error names the entry and the reason.
 */
export async function extractArchive(archivePath: string, targetDirectory: string, options: ExtractArchiveOptions): Promise<ExtractedEntry[]> {
  const archiveName = options.archiveName ?? archivePath;
  const format = await detectArchiveFormat(archivePath);
  await fs.mkdir(path.dirname(targetDirectory), { recursive: true });
  await fs.mkdir(targetDirectory);
  try {
    // Annotated so that `reject` (which returns never) narrows `format`.
    const guard: ExtractionGuard = new ExtractionGuard(archiveName, targetDirectory, options.limits);
    if (!format) guard.reject('(header)', 'it is not a zip, tar or tar.gz archive');
    let extracted: { entries: ExtractedEntry[]; links: DeferredLink[] };
    try {
      extracted = await extractInto(archivePath, format, guard, options);
    } catch (error) {
      if (!(error instanceof FullTarParserNeeded)) throw error;
      // Links, devices or GNU headers: start over with node-tar and its checks for them.
      await fs.rm(targetDirectory, { recursive: true, force: true });
      await fs.mkdir(targetDirectory);
      const freshGuard = new ExtractionGuard(archiveName, targetDirectory, options.limits);
      extracted = await extractTar(archivePath, false, freshGuard, { digestContents: options.digestContents ?? true, signal: options.signal });
    }
    await createLinks(extracted.links);
    return extracted.entries;
  } catch (error) {
    await fs.rm(targetDirectory, { recursive: true, force: true });
    throw error;
  }
}
