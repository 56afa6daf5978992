import { appendFile, lstat, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainedRoot } from '@runtime-env/safe-extract';
import type { LinkedPath } from './link-package.js';
import type { PackageInfo } from './package-info.js';
import { repodataRecord } from './package-cache.js';
import { packageStem, type SolvedCondaPackage } from './solved-package.js';

/**
 * Writes `conda-meta/<name>-<version>-<build>.json`, the prefix record conda,
 * mamba and `conda list -p` read to know what is installed and which files
 * belong to whom.
 */
export async function writePrefixRecord(
  prefixRoot: ContainedRoot,
  solved: SolvedCondaPackage,
  info: PackageInfo,
  linked: readonly LinkedPath[],
  cacheEntry: string,
  requestedSpec: string | undefined,
): Promise<void> {
  const record = {
    ...info.index,
    ...repodataRecord(solved),
    ...(info.noarch ? { noarch: info.noarch } : {}),
    files: linked.filter((entry) => entry.pathType !== 'directory').map((entry) => entry.path),
    paths_data: {
      paths_version: 1,
      paths: linked.map((entry) => ({ _path: entry.path, path_type: entry.pathType === 'copy' ? 'hardlink' : entry.pathType })),
    },
    extracted_package_dir: cacheEntry,
    package_tarball_full_path: join(cacheEntry, '..', solved.fileName),
    link: { source: cacheEntry, type: 1 },
    requested_spec: requestedSpec ?? '',
  };
  await writeFile(await freshFile(prefixRoot, `conda-meta/${packageStem(solved)}.json`), `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
}

/** `conda-meta/history`: its presence is how conda recognises a folder as an environment. */
export async function appendHistory(
  prefixRoot: ContainedRoot,
  installed: readonly SolvedCondaPackage[],
  specs: readonly string[],
  now = new Date(),
): Promise<void> {
  const stamp = now.toISOString().replace('T', ' ').slice(0, 19);
  const lines = [
    `==> ${stamp} <==`,
    '# cmd: runtime-env plugin-conda (embedded engine)',
    `# update specs: ${JSON.stringify(specs)}`,
    ...installed.map((solved) => `+${solved.channel}::${packageStem(solved)}`),
    '',
  ];
  const history = prefixRoot.placeFor('conda-meta/history');
  // Appended to only if it is the file this plugin wrote: a package's link of that name is replaced, not followed.
  if ((await lstat(history).catch(() => undefined))?.isSymbolicLink()) await unlink(history);
  await appendFile(history, lines.join('\n'));
}

/** A file of `conda-meta/` to create anew: its folder resolved inside the prefix, whatever stood at its name removed (not followed). */
async function freshFile(prefixRoot: ContainedRoot, relativePath: string): Promise<string> {
  const file = prefixRoot.placeFor(relativePath);
  await rm(file, { force: true });
  return file;
}
