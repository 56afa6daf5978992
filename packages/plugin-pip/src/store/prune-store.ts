import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isIncomingInFlight } from './incoming-work.js';
import type { StoreLayout } from './store-layout.js';
import { readSummary } from './store-manifest.js';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function listDirectory(path: string): Promise<string[]> {
  return readdir(path).catch(() => []);
}

/**
 * Removes what crashed or killed processes left: entries they were writing
 * (named `<digest>.<pid>.<random>`, the process gone) and entries half removed.
 * Neither was ever served: only `entries/` is read.
 */
export async function removeAbandonedWork(layout: StoreLayout): Promise<number> {
  let removed = 0;
  for (const name of await listDirectory(layout.incoming)) {
    const path = join(layout.incoming, name);
    const pid = Number.parseInt(name.split('.')[1] ?? '', 10);
    const abandoned = Number.isNaN(pid) || (pid === process.pid ? !isIncomingInFlight(path) : !processIsAlive(pid));
    if (!abandoned) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  for (const name of await listDirectory(layout.trash)) {
    const pid = Number.parseInt(name.split('.')[1] ?? '', 10);
    if (pid !== process.pid && !Number.isNaN(pid) && processIsAlive(pid)) continue;
    await rm(join(layout.trash, name), { recursive: true, force: true });
  }
  return removed;
}

export interface PruneResult {
  entriesRemoved: number;
  bytesFreed: number;
}

/**
 * Removes the entries no environment links any more: their METADATA has no
 * other link than the store's own (or than `leavingVenv`'s, an environment about
 * to be deleted). An entry is first renamed into `trash/`, so it leaves
 * `entries/` in one step; an environment linking from it at that moment gets an
 * error and lets pip install the distribution instead. Environments never need
 * the store to run: their files are links of their own.
 */
export async function pruneUnlinkedEntries(layout: StoreLayout, leavingVenv?: string): Promise<PruneResult> {
  const result: PruneResult = { entriesRemoved: 0, bytesFreed: 0 };
  for (const name of await listDirectory(layout.entries)) {
    for (const digest of await listDirectory(join(layout.entries, name))) {
      const entry = join(layout.entries, name, digest);
      const summary = await readSummary(entry).catch(() => undefined);
      if (summary && !(await isUnlinked(join(entry, 'files', summary.marker), leavingVenv && join(leavingVenv, summary.marker)))) continue;
      await mkdir(layout.trash, { recursive: true });
      const trashed = join(layout.trash, `${digest}.${process.pid}.${randomBytes(4).toString('hex')}`);
      const moved = await rename(entry, trashed).then(
        () => true,
        () => false,
      );
      if (!moved) continue;
      await rm(trashed, { recursive: true, force: true });
      result.entriesRemoved += 1;
      result.bytesFreed += summary?.bytes ?? 0;
    }
  }
  return result;
}

async function isUnlinked(storedMarker: string, leavingMarker: string | undefined): Promise<boolean> {
  const stored = await lstat(storedMarker).catch(() => undefined);
  if (!stored) return true;
  if (stored.nlink <= 1) return true;
  if (stored.nlink > 2 || !leavingMarker) return false;
  const leaving = await lstat(leavingMarker).catch(() => undefined);
  return leaving !== undefined && leaving.ino === stored.ino && leaving.dev === stored.dev;
}
