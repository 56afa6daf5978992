import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentProcessIdentity, isProcessAlive, type ProcessIdentity } from '@runtime-env/plugin-api';
import type { FastPathFiles } from './fast-path-files.js';

/**
 * Leases: how a fast-path process holds an environment without the state
 * database. A lease is an empty file `leases/<environment>/<pid>-<start time>-<n>`;
 * the start time tells a live holder from a dead one whose pid was reused.
 *
 * The protocol against garbage collection has two phases on each side:
 * - the fast path creates its lease, THEN checks that the environment's file
 *   (`environments/<id>.json`) is still there;
 * - whatever removes or changes an environment removes that file first (the
 *   tombstone), THEN looks for live leases, and spares the environment if it finds one.
 * Whichever comes second sees the other's first step: the fast path misses, or the
 * collector backs off. Never both wrong.
 */

const UNKNOWN_START_TIME = 'unknown';
let leaseCounter = 0;

export interface LeaseHolder extends ProcessIdentity {
  /** The lease file's name. */
  name: string;
}

/**
 * The lease file's path, or undefined when it could not be made (the caller then
 * takes the engine's path). The environment's folder is kept after release: making
 * and removing a folder on every run cost more than the rest of the lease (about
 * 1.5 ms a run on a busy disk, measured); the engine's recovery removes empty ones.
 */
export function takeLease(files: FastPathFiles, environmentId: string, holder: ProcessIdentity = currentProcessIdentity()): string | undefined {
  const directory = files.leaseDirectory(environmentId);
  if (!directory) return undefined;
  leaseCounter += 1;
  const path = join(directory, `${holder.pid}-${holder.startTime ?? UNKNOWN_START_TIME}-${leaseCounter}`);
  // The folder usually exists; a recovery may remove it (empty) between our mkdir and our write: go again.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      writeFileSync(path, '', { flag: 'wx', mode: 0o600 });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Removes the lease. Never throws. */
export function releaseLease(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Gone already: a lease left behind counts for nothing once this process ends.
  }
}

/** The process a lease file names, or undefined for a name that is not a lease's. */
export function leaseHolderOf(name: string): LeaseHolder | undefined {
  const match = /^(\d+)-(.+)-\d+$/.exec(name);
  if (!match) return undefined;
  return { name, pid: Number(match[1]), startTime: match[2] === UNKNOWN_START_TIME ? null : match[2]! };
}

/** The live holders of each leased environment (environments with none are left out). */
export function liveLeases(files: FastPathFiles): Map<string, LeaseHolder[]> {
  const leases = new Map<string, LeaseHolder[]>();
  for (const environmentId of listDirectory(files.leasesDirectory)) {
    const holders = liveLeaseHolders(files, environmentId);
    if (holders.length > 0) leases.set(environmentId, holders);
  }
  return leases;
}

/** The live holders of one environment's leases. */
export function liveLeaseHolders(files: FastPathFiles, environmentId: string): LeaseHolder[] {
  const directory = files.leaseDirectory(environmentId);
  if (!directory) return [];
  return listDirectory(directory)
    .map(leaseHolderOf)
    .filter((holder): holder is LeaseHolder => holder !== undefined && isProcessAlive(holder.pid, holder.startTime));
}

/**
 * Removes the leases of processes that are gone (a SIGKILLed `rtenv run`), and
 * the folders left empty. Returns the removed lease files' names.
 */
export function removeDeadLeases(files: FastPathFiles): string[] {
  const removed: string[] = [];
  for (const environmentId of listDirectory(files.leasesDirectory)) {
    const directory = join(files.leasesDirectory, environmentId);
    for (const name of listDirectory(directory)) {
      const holder = leaseHolderOf(name);
      if (holder && isProcessAlive(holder.pid, holder.startTime)) continue;
      rmSync(join(directory, name), { force: true });
      removed.push(`${environmentId}/${name}`);
    }
    try {
      rmdirSync(directory);
    } catch {
      // A live lease is still there, or another process took one meanwhile.
    }
  }
  return removed;
}

function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** How a lease's holder is named among an environment's holders: as the fast path's reference was (`cli:<pid>`). */
export function leaseOwnerOf(holder: ProcessIdentity): string {
  return `cli:${holder.pid}`;
}
