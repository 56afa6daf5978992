import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupFailure, type CreateContext, type CreateResult } from '@runtime-env/core';
import { extractArchive } from '../extraction/extract-archive.js';
import type { ExtractedEntry } from '../extraction/extracted-entry.js';
import { comparePaths } from '../packing/package-entry.js';
import { packageDigest } from '../packing/package-digest.js';
import type { WorkingDirOptions } from '../plugin-options.js';
import { fetchRemote } from '../sources/fetch-remote.js';
import { checkoutGitCommit } from '../sources/git-source.js';
import { parsePluginUri, storeObjectIdentity, type PackageReference } from '../uri/plugin-uri.js';
import { directorySize } from './directory-size.js';
import { installWheel } from './install-wheel.js';

/** Where a URI's files are, inside its directory; the other names there are scratch space. */
export const contentFolderName = 'content';

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

/** Ray drops a lone top-level folder of remote archives (ignoring macOS's `__MACOSX`). */
async function unwrapSingleFolder(directory: string): Promise<string> {
  const names = (await fs.readdir(directory)).filter((name) => name !== '__MACOSX');
  if (names.length !== 1) return directory;
  const only = path.join(directory, names[0]!);
  return (await fs.lstat(only)).isDirectory() ? only : directory;
}

/** Builds one working_dir or py_modules URI in `ctx.directory/content`. */
export async function materializePackage(uri: string, ctx: CreateContext<WorkingDirOptions>): Promise<CreateResult> {
  const reference = parsePluginUri(uri);
  const content = path.join(ctx.directory, contentFolderName);
  const download = path.join(ctx.directory, '.download');
  const staging = path.join(ctx.directory, '.staging');
  await fs.mkdir(download, { recursive: true });
  try {
    if (reference.identity.kind === 'commit') {
      ctx.progress({ phase: 'cloning', message: reference.location });
      await checkoutGitCommit(reference.location, reference.identity.value, staging, path.join(download, 'git'), ctx.options, ctx.signal);
      await fs.rename(staging, content);
    } else if (reference.location.endsWith('.whl')) {
      const wheel = path.join(download, path.basename(reference.location));
      await fetchRemote(reference, wheel, ctx.options, ctx);
      ctx.progress({ phase: 'installing', message: path.basename(wheel) });
      await installWheel(wheel, content, ctx);
    } else {
      // A package in a local store is read where it is: its digest is checked while extracting anyway.
      const readInPlace = reference.location.startsWith('file://') && reference.identity.kind === 'tree';
      const archive = readInPlace ? fileURLToPath(reference.location) : path.join(download, 'archive');
      if (!readInPlace) await fetchRemote(reference, archive, ctx.options, ctx);
      ctx.progress({ phase: 'extracting', message: reference.location });
      const entries = await extractArchive(archive, staging, {
        archiveName: reference.location,
        signal: ctx.signal,
        limits: { maxEntries: ctx.options.maxArchiveEntries, maxExtractedBytes: ctx.options.maxExtractedBytes, maxCompressionRatio: ctx.options.maxCompressionRatio },
      });
      if (reference.identity.kind === 'tree') verifyTreeDigest(reference, entries);
      const root = storeObjectIdentity(reference.location) ? staging : await unwrapSingleFolder(staging);
      await fs.rename(root, content);
    }
  } finally {
    await fs.rm(download, { recursive: true, force: true });
    await fs.rm(staging, { recursive: true, force: true });
  }
  return {
    sizeBytes: await directorySize(ctx.directory),
    details: { location: reference.location, identity: `${reference.identity.kind}:${reference.identity.value}`, content: contentFolderName },
  };
}
