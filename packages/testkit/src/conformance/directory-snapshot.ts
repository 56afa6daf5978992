import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** What identifies one entry's content without reading it. */
export interface EntryState {
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modifiedMs: number;
  inode: number;
  linkTarget?: string;
}

/** Every entry under a root, keyed by its path relative to the root. */
export type DirectorySnapshot = Map<string, EntryState>;

export async function snapshotDirectory(root: string): Promise<DirectorySnapshot> {
  const snapshot: DirectorySnapshot = new Map();
  const walk = async (directory: string): Promise<void> => {
    for (const name of await readdir(directory)) {
      const path = join(directory, name);
      const stats = await lstat(path);
      const kind = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'other';
      const state: EntryState = { kind, size: stats.size, modifiedMs: stats.mtimeMs, inode: stats.ino };
      if (kind === 'symlink') state.linkTarget = await readlink(path);
      snapshot.set(relative(root, path), state);
      if (kind === 'directory') await walk(path);
    }
  };
  await walk(root);
  return snapshot;
}

export interface SnapshotChange {
  path: string;
  change: 'added' | 'removed' | 'modified';
}

/**
 * Entries added, removed or modified between two snapshots. A directory's own
 * modification time is ignored: it changes whenever an entry inside it does,
 * which is reported on the entry itself.
 */
export function compareSnapshots(before: DirectorySnapshot, after: DirectorySnapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  for (const [path, state] of after) {
    const previous = before.get(path);
    if (!previous) changes.push({ path, change: 'added' });
    else if (isModified(previous, state)) changes.push({ path, change: 'modified' });
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push({ path, change: 'removed' });
  return changes.sort((left, right) => left.path.localeCompare(right.path));
}

function isModified(before: EntryState, after: EntryState): boolean {
  if (before.kind !== after.kind || before.inode !== after.inode || before.linkTarget !== after.linkTarget) return true;
  if (after.kind === 'directory') return false;
  return before.size !== after.size || before.modifiedMs !== after.modifiedMs;
}

/** Whether `path` (relative to the snapshot root) is `allowed` itself or inside it. */
export function isInside(path: string, allowed: string): boolean {
  return path === allowed || path.startsWith(allowed + sep);
}
