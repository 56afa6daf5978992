import { mkdir, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  prefix: string,
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
  await mkdir(join(prefix, 'conda-meta'), { recursive: true });
  await writeFile(join(prefix, 'conda-meta', `${packageStem(solved)}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

/** `conda-meta/history`: its presence is how conda recognises a folder as an environment. */
export async function appendHistory(prefix: string, installed: readonly SolvedCondaPackage[], specs: readonly string[], now = new Date()): Promise<void> {
  const stamp = now.toISOString().replace('T', ' ').slice(0, 19);
  const lines = [
    `==> ${stamp} <==`,
    '# cmd: runtime-env plugin-conda (embedded engine)',
    `# update specs: ${JSON.stringify(specs)}`,
    ...installed.map((solved) => `+${solved.channel}::${packageStem(solved)}`),
    '',
  ];
  await mkdir(join(prefix, 'conda-meta'), { recursive: true });
  await appendFile(join(prefix, 'conda-meta', 'history'), lines.join('\n'));
}
