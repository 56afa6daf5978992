import { existsSync, utimesSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LaunchContext } from '@runtime-env/plugin-api';
import { FastPathFiles } from './fast-path-files.js';
import { releaseLease, takeLease } from './fast-path-leases.js';
import { FastPathStore, recordKeyOf, type FastPathLauncher, type FastPathRecheck, type FastPathRecord } from './fast-path-store.js';
import { pluginDirectoryOf } from './launcher-hook-support.js';
import { checkLoadedFiles } from './loaded-file.js';

export interface FastPathRequest {
  /** The node's data directory, as the engine was opened with. */
  dataDirectory: string;
  /** The scope the engine recorded the document under (`ManagerOptions.fastPath.scope`). */
  scope: string;
  /** The raw document, exactly as it would be passed to `getOrCreate`. */
  document: unknown;
  /**
   * What to do with an environment whose context names a launcher plugin:
   * `refuse` (the default) reports a miss; `return` serves it with the package's
   * recorded launch module and options, for a caller that imports it to launch.
   */
  launchers?: 'refuse' | 'return';
  /**
   * What to do with a document recorded with fields to re-check (an image tag):
   * `refuse` (the default) reports a miss; `return` serves it with `rechecks`,
   * and the caller must confirm each with its launch module before using the
   * environment, and release it otherwise.
   */
  rechecks?: 'refuse' | 'return';
}

/** A field to confirm before the environment is used: the launch module's `hash(spec, ctx)` must give keys that make `uris` again. */
export interface FastPathRecheckRequest extends FastPathRecheck {
  /** The `ctx.pluginDirectory` of the field's plugin. */
  pluginDirectory: string;
}

/** The plugin an environment launches through, as the engine that recorded it loaded it. */
export interface FastPathLauncherRequest extends FastPathLauncher {
  /** The plugin's name (`context.launcher`). */
  plugin: string;
  /** Its `ctx.pluginDirectory`. */
  pluginDirectory: string;
}

export interface FastPathEnvironment {
  found: true;
  environmentId: string;
  /** The recorded launch context; one that names a launcher only with `launchers: 'return'`. */
  context: LaunchContext;
  /** Set exactly when the context names a launcher (only with `launchers: 'return'`). */
  launcher: FastPathLauncherRequest | undefined;
  /** Fields to confirm before use (only with `rechecks: 'return'`); empty when the document alone decided the environment. */
  rechecks: FastPathRecheckRequest[];
  /** Drops this process's lease; false when it was already released. Never throws (a lease left behind lapses with this process). */
  release(): boolean;
}

export interface FastPathMiss {
  found: false;
  /** Why the caller must take the engine's path, for debug output. */
  reason: string;
}

/**
 * The cached path of `getOrCreate` without plugins, zod, validation or the state
 * database: looks the raw document up in the fast path's document records and, if
 * every file the engine loaded when it recorded it is unchanged and its
 * environment is still served, takes a lease on it (fast-path-leases.ts) and
 * returns the recorded launch context. Anything unusual is a miss, never an
 * error: the caller then opens the engine, which knows what to do about it.
 */
export function acquireFastPathEnvironment(request: FastPathRequest): FastPathEnvironment | FastPathMiss {
  const files = new FastPathFiles(resolve(request.dataDirectory));
  const store = new FastPathStore(files);
  const recordKey = recordKeyOf(request.scope, request.document);
  const entry = store.lookup(request.scope, recordKey);
  if (entry === undefined) return { found: false, reason: 'document not recorded for this scope' };
  const { environmentId } = entry;
  const { changed, restamped } = checkLoadedFiles(entry.loadedFiles);
  if (changed !== undefined) return { found: false, reason: `${changed} since the document was recorded` };
  if (restamped) restampRecord(store, request.scope, recordKey, { ...entry, loadedFiles: restamped });
  if (entry.rechecks.length > 0 && request.rechecks !== 'return') {
    return {
      found: false,
      reason: `environment ${environmentId} was recorded with fields to re-check (${entry.rechecks.map((recheck) => recheck.field).join(', ')})`,
    };
  }
  const rechecks = entry.rechecks.map((recheck) => ({ ...recheck, pluginDirectory: pluginDirectoryOf(request.dataDirectory, recheck.field) }));
  // The lease first, then the environment's file: see the protocol in fast-path-leases.ts.
  const lease = takeLease(files, environmentId);
  if (lease === undefined) return { found: false, reason: `could not take a lease on environment ${environmentId}` };
  const servable = store.servable(environmentId);
  const missed = (reason: string): FastPathMiss => {
    releaseLease(lease);
    return { found: false, reason };
  };
  if (!servable) return missed(`environment ${environmentId} is no longer served (removed, collected or being rebuilt)`);
  if (!servable.uriPaths.every((path) => existsSync(path))) return missed(`environment ${environmentId} lost a URI directory`);
  const { context } = servable;
  let launcher: FastPathLauncherRequest | undefined;
  if (context.launcher) {
    if (request.launchers !== 'return') return missed(`environment ${environmentId} launches through plugin "${context.launcher}"`);
    if (!entry.launcher)
      return missed(
        `environment ${environmentId} launches through plugin "${context.launcher}", which has no launch module the engine read (or options that JSON would change)`,
      );
    launcher = { ...entry.launcher, plugin: context.launcher, pluginDirectory: pluginDirectoryOf(request.dataDirectory, context.launcher) };
  }
  noteUse(files, environmentId);
  let held = true;
  return {
    found: true,
    environmentId,
    context,
    launcher,
    rechecks,
    release() {
      if (!held) return false;
      held = false;
      releaseLease(lease);
      return true;
    },
  };
}

/** The environment file's modification time is its last fast-path use, which the engine folds into last-used times (eviction order). */
function noteUse(files: FastPathFiles, environmentId: string): void {
  const path = files.environmentPath(environmentId);
  const now = new Date();
  try {
    if (path) utimesSync(path, now, now);
  } catch {
    // Removed meanwhile: the lease holds the environment all the same, and only the order of evictions would change.
  }
}

/**
 * Stores the new stamps of files the digest confirmed, so the next run reads
 * none of them. Best effort: a record that cannot be written is only read again.
 * Should the engine record the document anew at the same moment, this write may
 * replace its record with the one it replaced: that one still names an
 * environment the same document and the same files decided, and the environment
 * file, not the record, says whether it is served.
 */
function restampRecord(store: FastPathStore, scope: string, recordKey: string, record: FastPathRecord): void {
  try {
    store.recordDocument(scope, recordKey, record);
  } catch {
    // A read-only data directory, a full disk: the digests decide on every run instead.
  }
}
