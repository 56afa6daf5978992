import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCondaArchive, type CondaArchiveFormat } from './conda-package-archive.js';
import { fileNameStem, subdirOf, type CondaPackageDefinition } from './conda-package-definition.js';
import { indexJson } from './conda-package-metadata.js';

/** One package of a test channel, with how to write it. */
export interface CondaChannelPackage {
  definition: CondaPackageDefinition;
  /** Default `conda`. */
  format?: CondaArchiveFormat;
  /**
   * Fields that replace the truthful ones in repodata.json only (not in the
   * archive): `{ sha256: '00...' }` makes a channel that lies about a checksum.
   */
  repodataOverrides?: Record<string, unknown>;
}

/** One package as repodata.json lists it, with where its archive was written. */
export interface WrittenCondaPackage {
  fileName: string;
  subdir: string;
  archivePath: string;
  record: Record<string, unknown> & { md5: string; sha256: string; size: number };
}

export interface CondaChannel {
  directory: string;
  packages: WrittenCondaPackage[];
}

/**
 * Writes a channel in `directory`: each archive under its subdir and a
 * `repodata.json` per subdir (`noarch` and the platforms given, even when empty,
 * since solvers fetch both).
 */
export async function buildCondaChannel(
  directory: string,
  packages: readonly CondaChannelPackage[],
  options: { platforms?: readonly string[] } = {},
): Promise<CondaChannel> {
  const subdirs = new Set(['noarch', ...(options.platforms ?? ['linux-64'])]);
  const written: WrittenCondaPackage[] = [];
  for (const entry of packages) {
    const format = entry.format ?? 'conda';
    const subdir = subdirOf(entry.definition);
    subdirs.add(subdir);
    const archive = await buildCondaArchive(entry.definition, format);
    const fileName = `${fileNameStem(entry.definition)}.${format}`;
    const archivePath = join(directory, subdir, fileName);
    await mkdir(join(directory, subdir), { recursive: true });
    await writeFile(archivePath, archive);
    const record = {
      ...indexJson(entry.definition),
      md5: createHash('md5').update(archive).digest('hex'),
      sha256: createHash('sha256').update(archive).digest('hex'),
      size: archive.length,
      ...entry.repodataOverrides,
    } as WrittenCondaPackage['record'];
    written.push({ fileName, subdir, archivePath, record });
  }
  for (const subdir of subdirs) {
    const inSubdir = written.filter((item) => item.subdir === subdir);
    const byFormat = (suffix: string) =>
      Object.fromEntries(inSubdir.filter((item) => item.fileName.endsWith(suffix)).map((item) => [item.fileName, item.record]));
    const repodata = { info: { subdir }, packages: byFormat('.tar.bz2'), 'packages.conda': byFormat('.conda'), repodata_version: 1 };
    await mkdir(join(directory, subdir), { recursive: true });
    await writeFile(join(directory, subdir, 'repodata.json'), `${JSON.stringify(repodata, null, 1)}\n`);
  }
  return { directory, packages: written };
}
