import { spawnSync } from 'node:child_process';
import { writeTar } from './tar-writer.js';
import { zstdRawFrame } from './zstd-raw-frame.js';
import { writeStoredZip } from '../archives/zip-archive.js';
import { fileNameStem, type CondaPackageDefinition } from './conda-package-definition.js';
import { infoEntries, payloadEntries } from './conda-package-metadata.js';

export type CondaArchiveFormat = 'conda' | 'tar.bz2';

/**
 * The bytes of a package in either archive format: `.conda` is a stored zip of
 * `metadata.json`, `info-<stem>.tar.zst` and `pkg-<stem>.tar.zst`; `.tar.bz2` is
 * one bzip2-compressed tar holding `info/` and the payload.
 */
export async function buildCondaArchive(definition: CondaPackageDefinition, format: CondaArchiveFormat): Promise<Buffer> {
  const stem = fileNameStem(definition);
  if (format === 'conda') {
    return writeStoredZip([
      { name: 'metadata.json', content: Buffer.from(JSON.stringify({ conda_pkg_format_version: 2 })) },
      { name: `info-${stem}.tar.zst`, content: zstdRawFrame(writeTar(infoEntries(definition))) },
      { name: `pkg-${stem}.tar.zst`, content: zstdRawFrame(writeTar(payloadEntries(definition))) },
    ]);
  }
  return bzip2(writeTar([...infoEntries(definition), ...payloadEntries(definition)]));
}

function bzip2(content: Buffer): Buffer {
  const result = spawnSync('bzip2', ['-c', '-9'], { input: content, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(
      `could not run bzip2 to write a .tar.bz2 package (${result.error?.message ?? result.stderr.toString().trim()}); install it with \`apt-get install -y bzip2\``,
    );
  }
  return result.stdout;
}
