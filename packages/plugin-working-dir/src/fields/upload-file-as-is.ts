import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256OfFile } from '../sources/identify-remote.js';
import type { PackageStore } from '../stores/package-store.js';
import type { PackageReference } from '../uri/plugin-key.js';

/**
 * A local archive or wheel goes to the store byte for byte, named after its
 * SHA-256 (a wheel keeps its file name, which pip needs).
 */
export async function uploadFileAsIs(source: string, suffix: string, store: PackageStore, signal?: AbortSignal): Promise<PackageReference> {
  const digest = await sha256OfFile(source);
  const name = suffix === '.whl' ? `archive_${digest}/${path.basename(source)}` : `archive_${digest}${suffix === '.tgz' ? '.tar.gz' : suffix}`;
  if (!(await store.exists(name, signal))) {
    const staging = store.stagingDirectory ?? os.tmpdir();
    await fs.mkdir(staging, { recursive: true });
    const copy = path.join(staging, `upload-${randomBytes(6).toString('hex')}`);
    await fs.copyFile(source, copy);
    await store.put(name, copy, signal);
  }
  return { location: store.uriOf(name), identity: { kind: 'sha256', value: digest } };
}
