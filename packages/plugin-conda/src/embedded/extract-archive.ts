import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { SetupFailure } from '@runtime-env/plugin-api';
import { extractTarStreams, UnsafeArchiveError } from '@runtime-env/safe-extract';
import type { Entry, ZipFile } from 'yauzl';
import { loadArchiveLibraries } from './load-archive-libraries.js';

type ArchiveLibraries = Awaited<ReturnType<typeof loadArchiveLibraries>>;

/**
 * Limits for one package: far above any real package (the largest on
 * conda-forge unpack to a few GiB in tens of thousands of files), low enough
 * that a hostile one cannot fill the disk.
 */
const packageLimits = { maxEntries: 1_000_000, maxExtractedBytes: 64 * 1024 ** 3, maxCompressionRatio: Number.POSITIVE_INFINITY };

/**
 * Extracts a `.conda` or `.tar.bz2` archive into `destination`, which must not
 * exist yet, with the same rules as every archive in runtime-env: nothing
 * outside `destination` is created, changed or removed, no entry is written
 * through a link, and every link must lead inside. Conda packages may also
 * hold links to absolute paths (to system files), which are kept as written
 * and never followed.
 */
export async function extractCondaArchive(archivePath: string, destination: string, fileName: string): Promise<void> {
  // Outside the try: a library that fails to load is a broken install, not a corrupt package.
  const libraries = await loadArchiveLibraries();
  try {
    if (!fileName.endsWith('.conda') && !fileName.endsWith('.tar.bz2')) throw new Error('unknown archive format (expected .conda or .tar.bz2)');
    await extractTarStreams(destination, { archiveName: fileName, limits: packageLimits, linkTargets: 'inside-or-absolute' }, async (extract) => {
      if (fileName.endsWith('.conda')) await extractDotConda(libraries, archivePath, extract);
      else await extract(createReadStream(archivePath).pipe(libraries.unbzip2Stream()));
    });
  } catch (error) {
    if (SetupFailure.isInstance(error)) throw error;
    if (error instanceof UnsafeArchiveError) {
      throw SetupFailure.permanent(`conda package ${fileName} is unsafe: ${error.message}`, {
        code: 'conda_unsafe_package',
        hint: 'the channel serves a package that would write outside its folder; remove it from the channel or pin another build',
      });
    }
    throw SetupFailure.permanent(`cannot extract conda package ${fileName}: ${(error as Error).message}`, { code: 'conda_corrupt_package' });
  }
}

/** A `.conda` is a zip whose `info-*.tar.zst` and `pkg-*.tar.zst` members are extracted in turn. */
async function extractDotConda(libraries: ArchiveLibraries, archivePath: string, extract: (tarBytes: Readable) => Promise<void>): Promise<void> {
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
        const tarBytes = stream.pipe(zstdDecompressor(libraries));
        stream.on('error', (streamError) => tarBytes.destroy(streamError));
        extract(tarBytes).then(() => zip.readEntry(), reject);
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
