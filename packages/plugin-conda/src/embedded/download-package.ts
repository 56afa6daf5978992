import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SetupFailure } from '@runtime-env/plugin-api';
import type { SolvedCondaPackage } from './solved-package.js';

/**
 * Downloads one archive to `destination`, hashing while it streams, and checks
 * the size and the sha256 (or, for channels that only give one, the md5) that
 * repodata promised. A short read is transient (retrying can help); bytes that
 * arrive whole but hash differently are permanent: the channel is inconsistent.
 */
export async function downloadPackage(solved: SolvedCondaPackage, destination: string, signal: AbortSignal, onBytes: (count: number) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch(solved.url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw SetupFailure.transient(`could not download ${solved.fileName} from ${solved.url}: ${(error as Error).message}`, {
      code: 'conda_download_failed',
      hint: 'check that the channel is reachable from this node',
    });
  }
  if (!response.ok || !response.body) {
    const failure = response.status >= 500 || response.status === 429 ? SetupFailure.transient : SetupFailure.permanent;
    throw failure(`downloading ${solved.fileName} from ${solved.url} failed with HTTP ${response.status}`, {
      code: 'conda_download_failed',
      hint: response.status === 404 ? "the channel's repodata lists a package it does not serve; re-index the channel" : 'retry later',
    });
  }
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const file = createWriteStream(destination);
  let received = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      sha256.update(chunk);
      md5.update(chunk);
      received += chunk.length;
      onBytes(chunk.length);
      if (!file.write(chunk)) await once(file, 'drain');
    }
  } finally {
    file.end();
    await once(file, 'close');
  }
  if (solved.size !== undefined && received !== solved.size) {
    throw SetupFailure.transient(`download of ${solved.fileName} was cut short: ${received} of ${solved.size} bytes`, { code: 'conda_download_failed' });
  }
  verifyChecksum(solved, sha256.digest('hex'), md5.digest('hex'));
}

function verifyChecksum(solved: SolvedCondaPackage, actualSha256: string, actualMd5: string): void {
  const [algorithm, expected, actual] = solved.sha256
    ? ['sha256', solved.sha256, actualSha256]
    : solved.md5
      ? ['md5', solved.md5, actualMd5]
      : [undefined, undefined, undefined];
  if (algorithm === undefined) return;
  if (expected.toLowerCase() !== actual) {
    throw SetupFailure.permanent(
      `checksum mismatch for ${solved.fileName} from ${solved.channel}: repodata says ${algorithm} ${expected}, the downloaded file has ${actual}`,
      { code: 'conda_checksum_mismatch', hint: "the channel's repodata.json does not match its files; re-index the channel or report it to its maintainers" },
    );
  }
}
