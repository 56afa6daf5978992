import { statSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastPathFiles } from '../../fast-path/fast-path-files.js';
import { leaseOwnerOf, liveLeaseHolders, liveLeases, type LeaseHolder } from '../../fast-path/fast-path-leases.js';
import type { ReferenceRow } from '../store/reference-store.js';

/**
 * The fast path's live leases as reference rows, so everything that counts or
 * lists references (`rtenv ls`, `rtenv inspect`, the agent's views, the URIs'
 * holders) sees a cached run as it saw the reference that run used to take.
 * All environments' leases, or one environment's.
 */
export function leaseReferenceRows(files: FastPathFiles, environmentId?: string): ReferenceRow[] {
  const leases = environmentId === undefined ? liveLeases(files) : new Map([[environmentId, liveLeaseHolders(files, environmentId)]]);
  return [...leases].flatMap(([id, holders]) => holders.map((holder) => rowOf(id, holder)));
}

function rowOf(environmentId: string, holder: LeaseHolder): ReferenceRow {
  return { environment_id: environmentId, owner: leaseOwnerOf(holder), expires_at: null, pid: holder.pid, pid_start_time: holder.startTime, created_at: 0 };
}

/**
 * When the fast path last served each environment: it sets its environment file's
 * modification time on each run (the engine's record writes it too), so last-used
 * times, and with them eviction order, count cached runs.
 */
export function fastPathUses(files: FastPathFiles): Map<string, number> {
  const uses = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(files.environmentsDirectory);
  } catch {
    return uses;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      uses.set(name.slice(0, -'.json'.length), Math.floor(statSync(join(files.environmentsDirectory, name)).mtimeMs));
    } catch {
      // Removed meanwhile.
    }
  }
  return uses;
}

/** When the fast path last served one environment (see `fastPathUses`), or undefined when it has no environment file. */
export function fastPathUseOf(files: FastPathFiles, environmentId: string): number | undefined {
  const path = files.environmentPath(environmentId);
  // No exception for a missing file: most environments have none, and a thrown error costs more than the stat.
  const stats = path === undefined ? undefined : statSync(path, { throwIfNoEntry: false });
  return stats && Math.floor(stats.mtimeMs);
}
