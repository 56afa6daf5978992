import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PackageEntry } from './package-entry.js';

/** `[size, mtimeMs, ctimeMs, inode, device, sha256 hex]`: arrays keep the file small and quick to parse. */
type CachedDigest = [number, number, number, number, number, string];

/** Bumped when the stored layout changes; a cache of another layout is dropped (it only costs a re-read). */
const storedFormat = 2;

interface StoredCache {
  format: number;
  /** Keyed by the path inside the package. */
  files: Record<string, CachedDigest>;
}

/**
 * A file's mtime can only prove it unchanged when the file was last written
 * clearly before we hashed it: a write in the same clock tick keeps the mtime
 * (git's "racily clean" entries). Such files are hashed again next time.
 */
const racyWindowMs = 100;

function stillMatches(cached: CachedDigest, entry: PackageEntry): boolean {
  return cached[0] === entry.size && cached[1] === entry.mtimeMs && cached[2] === entry.ctimeMs && cached[3] === entry.inode && cached[4] === entry.device;
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

  /** The cache of the tree at `root`, stored at `file`, or living only in memory when `file` is undefined. */
  static open(file: string | undefined, root: string): Promise<FileDigestCache> {
    // Paths are kept relative to the root, so each root needs its own cache.
    const key = file ?? `memory:${root}`;
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
      const stored = JSON.parse(await fs.readFile(file, 'utf8')) as StoredCache;
      if (stored.format === storedFormat) for (const [relativePath, digest] of Object.entries(stored.files)) cache.digests.set(relativePath, digest);
    } catch {
      // A missing or damaged cache only costs a re-read of the files.
    }
    return cache;
  }

  lookup(entry: PackageEntry): string | undefined {
    const cached = this.digests.get(entry.relativePath);
    return cached && stillMatches(cached, entry) ? cached[5] : undefined;
  }

  remember(entry: PackageEntry, digest: string, hashedAtMs: number): void {
    if (entry.mtimeMs > hashedAtMs - racyWindowMs || entry.ctimeMs > hashedAtMs - racyWindowMs) return;
    this.digests.set(entry.relativePath, [entry.size, entry.mtimeMs, entry.ctimeMs, entry.inode, entry.device, digest]);
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
      const stored: StoredCache = { format: storedFormat, files: Object.fromEntries(this.digests) };
      await fs.writeFile(temporary, JSON.stringify(stored));
      // Readers see the old cache or the new one, never half of one.
      await fs.rename(temporary, file);
    } catch (error) {
      this.changed = true;
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }
}
