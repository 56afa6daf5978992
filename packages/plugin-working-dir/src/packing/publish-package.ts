import { promises as fs } from 'node:fs';
import type { PackageStore } from '../stores/package-store.js';
import { sealPackage } from './package-seal.js';

/**
 * Puts a freshly written package into the store and, for a local store, seals
 * it: the file that arrived is the one written (same inode, size and mtime), so
 * its bytes are the ones hashed while writing.
 */
export async function publishAndSeal(
  store: PackageStore,
  name: string,
  writtenFile: string,
  options: { sealDirectory?: string; signal?: AbortSignal },
): Promise<void> {
  const written = options.sealDirectory && store.localPathOf ? await fs.stat(writtenFile) : undefined;
  await store.put(name, writtenFile, options.signal);
  if (!written || !options.sealDirectory || !store.localPathOf) return;
  const published = store.localPathOf(name);
  const arrived = await fs.stat(published).catch(() => undefined);
  const sameFile =
    arrived && arrived.ino === written.ino && arrived.dev === written.dev && arrived.size === written.size && arrived.mtimeMs === written.mtimeMs;
  if (sameFile) await sealPackage(options.sealDirectory, name, published, arrived);
}
