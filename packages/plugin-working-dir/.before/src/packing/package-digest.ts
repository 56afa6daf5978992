import { createHash } from 'node:crypto';
import type { PackageEntry } from './package-entry.js';

/** Bumped when the package layout changes, so old and new packages never share a name. */
const packageFormat = 'rtenv-package-v1';

/**
 * The package's identity: SHA-256 over every included path, its kind, mode and
 * content digest, in archive order. Times, owners and the machine play no part.
 */
export function packageDigest(entries: readonly Pick<PackageEntry, 'relativePath' | 'kind' | 'mode'>[], fileDigests: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  hash.update(`${packageFormat}\0`);
  for (const entry of entries) {
    const content = entry.kind === 'file' ? fileDigests.get(entry.relativePath) : '-';
    if (content === undefined) throw new Error(`no content digest for ${entry.relativePath}`);
    hash.update(`${entry.kind}\0${entry.mode.toString(8)}\0${entry.relativePath}\0${content}\0`);
  }
  return hash.digest('hex');
}
