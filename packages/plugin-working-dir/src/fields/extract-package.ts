import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import { extractArchive, type ExtractedEntry } from '@runtime-env/safe-extract';
import { comparePaths } from '../packing/package-entry.js';
import { packageDigest } from '../packing/package-digest.js';
import { isSealed, sealDirectoryOf, sealPackage } from '../packing/package-seal.js';
import type { WorkingDirOptions } from '../plugin-options.js';
import { fetchRemote } from '../sources/fetch-remote.js';
import type { PackageReference } from '../uri/plugin-key.js';

function verifyTreeDigest(reference: PackageReference, entries: readonly ExtractedEntry[]): void {
  const digests = new Map(entries.filter((entry) => entry.contentDigest).map((entry) => [entry.relativePath, entry.contentDigest!]));
  const sorted = [...entries].sort((left, right) => comparePaths(left.relativePath, right.relativePath));
  const actual = packageDigest(sorted as { relativePath: string; kind: 'file' | 'directory'; mode: number }[], digests);
  if (actual !== reference.identity.value) {
    throw SetupFailure.permanent(`the package ${reference.location} does not match its digest (got ${actual})`, {
      code: 'package_digest_mismatch',
      hint: 'the store object was damaged or replaced; delete it and pack again',
    });
  }
}

/**
 * Fetches (or, from a local store, reads in place) and extracts an archive into
 * `staging`. A `tree` package is checked against its digest from the bytes as
 * they are written, unless it is sealed: a local store file this node wrote or
 * checked before and which has not changed since. Other identities were checked
 * while downloading, so their contents are not hashed at all. Returns the bytes
 * of the extracted files when the reader counted them all.
 */
export async function extractPackage(
  reference: PackageReference,
  staging: string,
  download: string,
  ctx: CreateContext<WorkingDirOptions>,
): Promise<number | undefined> {
  const readInPlace = reference.location.startsWith('file://') && reference.identity.kind === 'tree';
  const archive = readInPlace ? fileURLToPath(reference.location) : path.join(download, 'archive');
  if (!readInPlace) await fetchRemote(reference, archive, ctx.options, ctx);
  const sealDirectory = sealDirectoryOf(ctx.pluginDirectory);
  const packageName = path.basename(archive);
  const before = readInPlace ? await fs.stat(archive) : undefined;
  const sealed = before !== undefined && (await isSealed(sealDirectory, packageName, archive, before));
  const checkDigest = reference.identity.kind === 'tree' && !sealed;
  ctx.progress({ phase: 'extracting', message: reference.location });
  const entries = await extractArchive(archive, staging, {
    archiveName: reference.location,
    signal: ctx.signal,
    digestContents: checkDigest,
    limits: {
      maxEntries: ctx.options.maxArchiveEntries,
      maxExtractedBytes: ctx.options.maxExtractedBytes,
      maxCompressionRatio: ctx.options.maxCompressionRatio,
    },
  });
  if (checkDigest) {
    verifyTreeDigest(reference, entries);
    if (before) await sealIfUnchanged(sealDirectory, packageName, archive, before);
  }
  return extractedBytes(entries);
}

/** Seals a package that was just checked in full, unless something touched the file while it was read. */
async function sealIfUnchanged(sealDirectory: string, packageName: string, archive: string, before: Stats): Promise<void> {
  const after = await fs.stat(archive);
  if (after.ino === before.ino && after.size === before.size && after.mtimeMs === before.mtimeMs && after.ctimeMs === before.ctimeMs) {
    await sealPackage(sealDirectory, packageName, archive, after);
  }
}

function extractedBytes(entries: readonly ExtractedEntry[]): number | undefined {
  let total = 0;
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    if (entry.size === undefined) return undefined;
    total += entry.size;
  }
  return total;
}
