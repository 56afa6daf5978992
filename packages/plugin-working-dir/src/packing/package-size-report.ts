import path from 'node:path';
import { formatBytes } from '@runtime-env/plugin-api';
import { PackageTooLargeError } from '../working-dir-errors.js';
import type { PackageEntry } from './package-entry.js';

function largest(sizes: Iterable<[string, number]>, count: number): string {
  return [...sizes]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([name, bytes]) => `    ${formatBytes(bytes).padStart(11)}  ${name}`)
    .join('\n');
}

/**
 * Fails before anything is written when the files add up to more than the cap,
 * naming the biggest files and folders: a forgotten `.git` or data folder is the
 * usual cause (Ray issues 45602 and 38566).
 */
export function assertPackageSize(root: string, entries: readonly PackageEntry[], maxPackageBytes: number): number {
  let total = 0;
  for (const entry of entries) if (entry.kind === 'file') total += entry.size;
  if (total <= maxPackageBytes) return total;
  // Only a package over the cap needs the folder totals, so the common case stays one pass of additions.
  const folderSizes = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    for (let folder = path.posix.dirname(entry.relativePath); folder !== '.'; folder = path.posix.dirname(folder)) {
      folderSizes.set(`${folder}/`, (folderSizes.get(`${folder}/`) ?? 0) + entry.size);
    }
  }
  const files = entries.filter((entry) => entry.kind === 'file').map((entry): [string, number] => [entry.relativePath, entry.size]);
  throw new PackageTooLargeError(
    `the package of ${root} would hold ${formatBytes(total)} in ${files.length} files, over the limit of ${formatBytes(maxPackageBytes)}.\n` +
      `  largest folders:\n${largest(folderSizes, 5) || '    (none)'}\n  largest files:\n${largest(files, 5)}`,
    'leave big folders out with "excludes" (gitignore patterns, e.g. ["data/", "*.ckpt"]) or a .rtenvignore file, ' +
      'put large data in a remote URI, or raise the plugin option maxPackageBytes',
  );
}
