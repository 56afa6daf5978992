import { createReadStream } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SetupFailure } from '@runtime-env/core/plugin';
import type { Entry, ZipFile } from 'yauzl';
import { loadArchiveLibraries } from './load-archive-libraries.js';

type ArchiveLibraries = Awaited<ReturnType<typeof loadArchiveLibraries>>;

/**
 * Extracts a `.conda` or `.tar.bz2` archive into `destination`. node-tar refuses
 * absolute paths and `..` entries, so a hostile archive cannot write outside it.
 */
export async function extractCondaArchive(archivePath: string, destination: string, fileName: string): Promise<void> {
  const absoluteLinks: AbsoluteLink[] = [];
  // Outside the try: a library that fails to load is a broken install, not a corrupt package.
  const libraries = await loadArchiveLibraries();
  try {
    if (fileName.endsWith('.conda')) await extractDotConda(libraries, archivePath, destination, absoluteLinks);
    else if (fileName.endsWith('.tar.bz2')) await pipeline(createReadStream(archivePath), libraries.unbzip2Stream(), tarExtractor(libraries, destination, absoluteLinks));
    else throw new Error('unknown archive format (expected .conda or .tar.bz2)');
    await createAbsoluteLinks(destination, absoluteLinks);
  } catch (error) {
    if (SetupFailure.isInstance(error)) throw error;
    throw SetupFailure.permanent(`cannot extract conda package ${fileName}: ${(error as Error).message}`, { code: 'conda_corrupt_package' });
  }
}

interface AbsoluteLink {
  path: string;
  target: string;
}

/**
 * node-tar would strip the leading `/` of a symbolic link's absolute target,
 * which conda packages may legitimately have; such links are set aside and made
 * after extraction, when no later entry can be written through them.
 */
function tarExtractor({ tar }: ArchiveLibraries, destination: string, absoluteLinks: AbsoluteLink[]) {
  return tar.x({
    cwd: destination,
    preserveOwner: false,
    strict: true,
    filter: (path, entry) => {
      const linkpath = 'linkpath' in entry ? entry.linkpath : undefined;
      if ('type' in entry && entry.type === 'SymbolicLink' && typeof linkpath === 'string' && isAbsolute(linkpath)) {
        absoluteLinks.push({ path, target: linkpath });
        return false;
      }
      return true;
    },
  });
}

async function createAbsoluteLinks(destination: string, links: readonly AbsoluteLink[]): Promise<void> {
  for (const link of links) {
    const relative = normalize(link.path);
    if (isAbsolute(relative) || relative.startsWith('..')) throw new Error(`archive entry ${link.path} points outside the package`);
    await mkdir(dirname(join(destination, relative)), { recursive: true });
    await symlink(link.target, join(destination, relative));
  }
}

/** A `.conda` is a zip whose `info-*.tar.zst` and `pkg-*.tar.zst` members are extracted in turn. */
async function extractDotConda(libraries: ArchiveLibraries, archivePath: string, destination: string, absoluteLinks: AbsoluteLink[]): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    libraries.yauzl.open(archivePath, { lazyEntries: true, autoClose: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  let members = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: Entry) => {
      if (!/^(info|pkg)-.*\.tar\.zst$/.test(entry.fileName)) {
        zip.readEntry();
        return;
      }
      members += 1;
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        pipeline(stream, zstdDecompressor(libraries), tarExtractor(libraries, destination, absoluteLinks)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  if (members !== 2) throw new Error(`expected an info and a pkg member, found ${members}`);
}

function zstdDecompressor({ Decompress }: ArchiveLibraries): Transform {
  let decompressor: InstanceType<ArchiveLibraries['Decompress']>;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decompressor.push(chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        decompressor.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  decompressor = new Decompress((data) => transform.push(Buffer.from(data)));
  return transform;
}

