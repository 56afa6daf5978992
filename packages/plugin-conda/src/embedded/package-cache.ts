import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure } from '@runtime-env/plugin-api';
import { ContainedRoot } from '@runtime-env/safe-extract';
import { downloadPackage } from './download-package.js';
import { extractCondaArchive } from './extract-archive.js';
import { packageStem, type SolvedCondaPackage } from './solved-package.js';

/** Written last into an extracted package: its presence means the entry is complete. */
const completeMarker = join('info', 'repodata_record.json');

/**
 * Writes the marker inside the package's own `info` folder, which the package
 * made: if that folder is a link (to anywhere), or the package shipped a marker
 * of its own as a link, nothing is written through it.
 */
async function writeCompleteMarker(extracted: string, solved: SolvedCondaPackage): Promise<void> {
  let marker: string;
  try {
    marker = new ContainedRoot(extracted).placeFor(completeMarker);
  } catch (error) {
    throw SetupFailure.permanent(`conda package ${solved.fileName} is unsafe: ${(error as Error).message}`, { code: 'conda_unsafe_package' });
  }
  await rm(marker, { force: true });
  await writeFile(marker, `${JSON.stringify(repodataRecord(solved), null, 2)}\n`, { flag: 'wx' });
}
const partialPrefix = '.partial-';
const abandonedAfterMs = 60 * 60 * 1000;

/**
 * The shared package cache: each package extracted once, under a name that
 * includes its checksum so two channels' same-named builds never collide. An
 * entry is built in a `.partial-*` folder and renamed into place only when
 * verified and fully extracted, so a crash or an abort never leaves an entry
 * that a later environment would link from.
 */
export class PackageCache {
  constructor(readonly root: string) {}

  entryPath(solved: SolvedCondaPackage): string {
    return join(this.root, `${packageStem(solved)}-${(solved.sha256 ?? solved.md5 ?? 'unverified').slice(0, 12)}`);
  }

  async has(solved: SolvedCondaPackage): Promise<boolean> {
    return exists(join(this.entryPath(solved), completeMarker));
  }

  /** Returns the extracted package's folder, downloading it first when missing. */
  async ensure(solved: SolvedCondaPackage, signal: AbortSignal, onBytes: (count: number) => void): Promise<{ path: string; downloaded: boolean }> {
    const path = this.entryPath(solved);
    if (await this.has(solved)) return { path, downloaded: false };
    await mkdir(this.root, { recursive: true });
    const partial = join(this.root, `${partialPrefix}${packageStem(solved)}-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(partial, { recursive: true });
      const archive = join(partial, solved.fileName);
      await downloadPackage(solved, archive, signal, onBytes);
      signal.throwIfAborted();
      const extracted = join(partial, 'extracted');
      await extractCondaArchive(archive, extracted, solved.fileName);
      await writeCompleteMarker(extracted, solved);
      await rm(path, { recursive: true, force: true });
      await rename(join(partial, 'extracted'), path).catch(async (error: NodeJS.ErrnoException) => {
        // Another creation finished the same package first; theirs is as good as ours.
        if (!(await this.has(solved))) throw error;
      });
      return { path, downloaded: true };
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }

  /** Removes `.partial-*` folders left by a process that was killed mid-download. */
  async removeAbandonedPartials(now = Date.now()): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((entry) => entry.startsWith(partialPrefix))) {
      const info = await stat(join(this.root, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > abandonedAfterMs) await rm(join(this.root, name), { recursive: true, force: true });
    }
  }
}

/** What conda writes as `info/repodata_record.json`: the index record plus where it came from. */
export function repodataRecord(solved: SolvedCondaPackage): Record<string, unknown> {
  return {
    name: solved.name,
    version: solved.version,
    build: solved.build,
    build_number: solved.buildNumber,
    channel: solved.channel,
    subdir: solved.subdir,
    url: solved.url,
    fn: solved.fileName,
    md5: solved.md5,
    sha256: solved.sha256,
    size: solved.size,
    depends: solved.depends,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
