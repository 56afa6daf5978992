import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { PackageEntry } from './package-entry.js';
import type { WalkObserver } from './walk-package-tree.js';

/** `[absolute path, size, mtimeMs, ctimeMs, inode, device]`. */
type StatIdentity = [string, number, number, number, number, number];
/** `[path in the package, kind (0 folder, 1 file), mode, size, mtimeMs, ctimeMs, inode, device, sha256 or '']`, the file's path being root + path. */
type SnapshotEntry = [string, 0 | 1, number, number, number, number, number, number, string];

interface StoredSnapshot {
  format: number;
  /** The selection (excludes, ignore settings, top-level name) the walk applied. */
  selection: string;
  packageDigest: string;
  /** Every folder listed and ignore file read, stated before it was read. */
  read: StatIdentity[];
  entries: SnapshotEntry[];
}

const storedFormat = 1;
/** As for file digests: a stat taken within this window of a change may not show it (see `file-digest-cache.ts`). */
const racyWindowMs = 100;

function identityOf(absolutePath: string, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'dev'>): StatIdentity {
  return [absolutePath, stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.dev];
}

function unchanged(absolutePath: string, size: number, mtimeMs: number, ctimeMs: number, inode: number, device: number): boolean {
  const stats = statSync(absolutePath, { throwIfNoEntry: false });
  return stats !== undefined && stats.size === size && stats.mtimeMs === mtimeMs && stats.ctimeMs === ctimeMs && stats.ino === inode && stats.dev === device;
}

/**
 * Collects, during a walk, what a tree's package depends on. A snapshot is kept
 * only when the walk followed no link (a link's target can change without the
 * tree changing) and skipped nothing, and nothing it read was changing as it was read.
 */
export class SnapshotRecorder implements WalkObserver {
  private readonly read: StatIdentity[] = [];
  private usable = true;

  directory(absolutePath: string, stats: Stats): void {
    this.read.push(identityOf(absolutePath, stats));
  }

  ignoreFile(absolutePath: string, stats: Stats): void {
    this.read.push(identityOf(absolutePath, stats));
  }

  followedLink(): void {
    this.usable = false;
  }

  skipped(): void {
    this.usable = false;
  }

  /** The snapshot to store, or undefined when it could not vouch for the tree next time. */
  snapshot(
    selection: string,
    entries: readonly PackageEntry[],
    digests: ReadonlyMap<string, string>,
    packageDigest: string,
    takenAtMs: number,
  ): StoredSnapshot | undefined {
    if (!this.usable) return undefined;
    const racy = (mtimeMs: number, ctimeMs: number) => mtimeMs > takenAtMs - racyWindowMs || ctimeMs > takenAtMs - racyWindowMs;
    if (this.read.some(([, , mtimeMs, ctimeMs]) => racy(mtimeMs, ctimeMs))) return undefined;
    const stored: SnapshotEntry[] = [];
    for (const entry of entries) {
      if (entry.kind === 'directory') {
        stored.push([entry.relativePath, 0, entry.mode, 0, 0, 0, 0, 0, '']);
        continue;
      }
      if (racy(entry.mtimeMs, entry.ctimeMs)) return undefined;
      stored.push([entry.relativePath, 1, entry.mode, entry.size, entry.mtimeMs, entry.ctimeMs, entry.inode, entry.device, digests.get(entry.relativePath)!]);
    }
    return { format: storedFormat, selection, packageDigest, read: this.read, entries: stored };
  }
}

export interface SnapshotHit {
  packageDigest: string;
  fileCount: number;
  totalBytes: number;
  /** The entries and their digests, built only when the package has to be written again. */
  materialize(): { entries: PackageEntry[]; digests: Map<string, string> };
}

/**
 * The tree's last package, when nothing it depended on changed: every folder
 * listed, every ignore file and every file has the stats it had. This skips
 * listing folders and matching ignore rules, so an unchanged tree costs one
 * stat per file and folder (and plain loops: this runs once per process, before
 * the JIT has warmed up to anything).
 */
export function reuseSnapshot(file: string, selection: string, root: string, prefix: string): SnapshotHit | undefined {
  let stored: StoredSnapshot;
  try {
    // Sync, as the stats below: each trip through the thread pool costs more than the call itself here.
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSnapshot;
  } catch {
    return undefined;
  }
  if (stored.format !== storedFormat || stored.selection !== selection) return undefined;
  for (let index = 0; index < stored.read.length; index += 1) {
    const read = stored.read[index]!;
    if (!unchanged(read[0], read[1], read[2], read[3], read[4], read[5])) return undefined;
  }
  // Package paths were made from names the walk listed, so joining needs no normalizing.
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  const absolutePathOf = (relativePath: string) => base + relativePath.slice(prefix.length);
  let fileCount = 0;
  let totalBytes = 0;
  for (let index = 0; index < stored.entries.length; index += 1) {
    const entry = stored.entries[index]!;
    if (entry[1] !== 1) continue;
    if (!unchanged(absolutePathOf(entry[0]), entry[3], entry[4], entry[5], entry[6], entry[7])) return undefined;
    fileCount += 1;
    totalBytes += entry[3];
  }
  const materialize = () => {
    const entries: PackageEntry[] = [];
    const digests = new Map<string, string>();
    for (const [relativePath, kind, mode, size, mtimeMs, ctimeMs, inode, device, digest] of stored.entries) {
      if (kind === 1) digests.set(relativePath, digest);
      entries.push({
        relativePath,
        absolutePath: absolutePathOf(relativePath),
        kind: kind === 1 ? 'file' : 'directory',
        mode,
        size,
        mtimeMs,
        ctimeMs,
        inode,
        device,
      });
    }
    return { entries, digests };
  };
  return { packageDigest: stored.packageDigest, fileCount, totalBytes, materialize };
}

/** Stores a snapshot atomically; concurrent packs of one tree each write a whole one. */
export async function saveSnapshot(file: string, snapshot: StoredSnapshot | undefined): Promise<void> {
  if (!snapshot) {
    await fs.rm(file, { force: true });
    return;
  }
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(temporary, JSON.stringify(snapshot));
    await fs.rename(temporary, file);
  } catch {
    // A snapshot only saves time.
    await fs.rm(temporary, { force: true });
  }
}
