import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PackageEntry } from './package-entry.js';

interface CachedDigest {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  inode: number;
  device: number;
  digest: string;
}

/**
 * A file's mtime can only prove it unchanged when the file was last written
 * clearly before we hashed it: a write in the same clock tick keeps the mtime
 * (git's "racily clean" entries). Such files are hashed again next time.
 */
const racyWindowMs = 100;

function stillMatches(cached: CachedDigest, entry: PackageEntry): boolean {
  return (
    cached.size === entry.size &&
    cached.mtimeMs === entry.mtimeMs &&
    cached.ctimeMs === entry.ctimeMs &&
    cached.inode === entry.inode &&
    cached.device === entry.device
  );
}

/**
 * SHA-256 of file contents keyed by path, size, mtime, ctime and inode, as git's
 * index does, so packing an unchanged tree reads no file. Kept in memory per
 * process and in a JSON file under the plugin directory across processes.
 */
export class FileDigestCache {
  private static readonly loaded = new Map<string, Promise<FileDigestCache>>();
  private static temporaryCounter = 0;
  private readonly digests = new Map<string, CachedDigest>();
  private changed = false;
  /** Saves run one after the other: concurrent `hash` calls share one cache per tree. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | undefined) {}

  /** The cache stored at `file`, or one that lives only in memory when `file` is undefined. */
  static open(file: string | undefined): Promise<FileDigestCache> {
    const key = file ?? '';
    // The promise is kept, not the cache, so calls that arrive while it loads share one instance.
    let loading = FileDigestCache.loaded.get(key);
    if (!loading) {
      loading = FileDigestCache.load(file);
      FileDigestCache.loaded.set(key, loading);
    }
    return loading;
  }

  private static async load(file: string | undefined): Promise<FileDigestCache> {
    const cache = new FileDigestCache(file);
    if (!file) return cache;
    try {
      const stored = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, CachedDigest>;
      for (const [filePath, digest] of Object.entries(stored)) cache.digests.set(filePath, digest);
    } catch {
      // A missing or damaged cache only costs a re-read of the files.
    }
    return cache;
  }

  lookup(entry: PackageEntry): string | undefined {
    const cached = this.digests.get(entry.absolutePath);
    return cached && stillMatches(cached, entry) ? cached.digest : undefined;
  }

  remember(entry: PackageEntry, digest: string, hashedAtMs: number): void {
    if (entry.mtimeMs > hashedAtMs - racyWindowMs || entry.ctimeMs > hashedAtMs - racyWindowMs) return;
    const { size, mtimeMs, ctimeMs, inode, device } = entry;
    this.digests.set(entry.absolutePath, { size, mtimeMs, ctimeMs, inode, device, digest });
    this.changed = true;
  }

  save(): Promise<void> {
    const saved = this.saving.then(() => this.write());
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  private async write(): Promise<void> {
    const file = this.file;
    if (!file || !this.changed) return;
    this.changed = false;
    // Unique per process and call: other processes (and, before saves were queued, other calls) write next to it.
    FileDigestCache.temporaryCounter += 1;
    const temporary = `${file}.${process.pid}-${FileDigestCache.temporaryCounter}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temporary, JSON.stringify(Object.fromEntries(this.digests)));
      // Readers see the old cache or the new one, never half of one.
      await fs.rename(temporary, file);
    } catch (error) {
      this.changed = true;
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }
}

const readBufferBytes = 1024 * 1024;

export async function digestFile(filePath: string, buffer = Buffer.allocUnsafe(readBufferBytes)): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(filePath, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
