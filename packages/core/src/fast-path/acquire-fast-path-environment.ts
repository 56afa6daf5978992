import { resolve } from 'node:path';
import type { LaunchContext } from '@runtime-env/plugin-api';
import { DataLayout } from '../engine/store/data-layout.js';
import { documentKeyOf, FastPathStore, type FastPathLauncher, type FastPathRecheck } from './fast-path-store.js';
import { EnvironmentStore } from '../engine/store/environment-store.js';
import { LastUsedBatcher } from '../engine/store/last-used-batcher.js';
import { referenceRequestOf } from '../engine/references/reference-requests.js';
import { ReferenceStore } from '../engine/store/reference-store.js';
import { servableContextOf } from '../engine/launch/servable-environment.js';
import { openCurrentStateDatabase, type StateDatabase } from '../engine/store/state-database.js';
import { UriStore } from '../engine/store/uri-store.js';
import { pluginDirectoryOf } from './launcher-hook-support.js';
import { changedLoadedFile } from './loaded-file.js';

export interface FastPathRequest {
  /** The node's data directory, as the engine was opened with. */
  dataDirectory: string;
  /** The scope the engine recorded the document under (`ManagerOptions.fastPath.scope`). */
  scope: string;
  /** The raw document, exactly as it would be passed to `getOrCreate`. */
  document: unknown;
  /** Who holds the reference, as in `getOrCreate`. */
  owner: string;
  /** The process the reference lapses with. */
  pid: number;
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
  /**
   * True for a caller that exits soon after `release()`: the connection is then
   * left for the process's exit to end instead of closed. Closing the last
   * connection checkpoints the write-ahead log into the database with an fsync
   * (4 to 15 ms of a cached `rtenv run`, measured); left open, the committed
   * writes stay in the log (private like the database, the same mode), which is
   * crash-safe by SQLite's design, and a later connection or checkpoint folds them in.
   */
  leaveConnectionToExit?: boolean;
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
  /** Drops the reference and closes the database (unless `leaveConnectionToExit`); false when it was already gone (or could not be dropped: it lapses with `pid`). Never throws. */
  release(): boolean;
}

export interface FastPathMiss {
  found: false;
  /** Why the caller must take the engine's path, for debug output. */
  reason: string;
}

/**
 * The cached path of `getOrCreate` without plugins, zod or validation: looks the
 * raw document up in the fast-path records and, if every file the engine loaded
 * when it recorded it is unchanged and its environment can be served as
 * recorded, takes a reference with the engine's own "only if ready" statement and
 * returns the stored launch context. Anything unusual is a miss, never an error:
 * the caller then opens the engine, which knows what to do about it.
 */
export function acquireFastPathEnvironment(request: FastPathRequest): FastPathEnvironment | FastPathMiss {
  const layout = new DataLayout(resolve(request.dataDirectory));
  const database = openCurrentStateDatabase(layout.databasePath);
  if (!database) return { found: false, reason: "no state database at this core's schema version" };
  try {
    const acquired = acquireIn(database, request);
    if (!acquired.found) database.close();
    return acquired;
  } catch (error) {
    database.close();
    return { found: false, reason: `state database error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function acquireIn(database: StateDatabase, request: FastPathRequest): FastPathEnvironment | FastPathMiss {
  const entry = new FastPathStore(database).lookup(request.scope, documentKeyOf(request.document));
  if (entry === undefined) return { found: false, reason: 'document not recorded for this scope' };
  const { environmentId } = entry;
  const changed = changedLoadedFile(entry.loadedFiles);
  if (changed !== undefined) return { found: false, reason: `${changed} since the document was recorded` };
  if (entry.rechecks.length > 0 && request.rechecks !== 'return') {
    return {
      found: false,
      reason: `environment ${environmentId} was recorded with fields to re-check (${entry.rechecks.map((recheck) => recheck.field).join(', ')})`,
    };
  }
  const rechecks = entry.rechecks.map((recheck) => ({ ...recheck, pluginDirectory: pluginDirectoryOf(request.dataDirectory, recheck.field) }));
  const context = servableContextOf(new EnvironmentStore(database), new UriStore(database), environmentId);
  if (!context) return { found: false, reason: `environment ${environmentId} is not ready or lost a URI` };
  let launcher: FastPathLauncherRequest | undefined;
  if (context.launcher) {
    if (request.launchers !== 'return') return { found: false, reason: `environment ${environmentId} launches through plugin "${context.launcher}"` };
    if (!entry.launcher)
      return {
        found: false,
        reason: `environment ${environmentId} launches through plugin "${context.launcher}", which has no launch module the engine read (or options that JSON would change)`,
      };
    launcher = { ...entry.launcher, plugin: context.launcher, pluginDirectory: pluginDirectoryOf(request.dataDirectory, context.launcher) };
  }
  const references = new ReferenceStore(database);
  const now = Date.now();
  if (!references.addIfReady(referenceRequestOf(environmentId, { owner: request.owner, pid: request.pid }, now), now)) {
    return { found: false, reason: `environment ${environmentId} was removed before it could be referenced` };
  }
  try {
    const lastUsed = new LastUsedBatcher(database);
    lastUsed.record(environmentId, now);
    lastUsed.flush();
  } catch {
    // Last-used times only order evictions; a busy database must not cost the run.
  }
  let open = true;
  return {
    found: true,
    environmentId,
    context,
    launcher,
    rechecks,
    release() {
      if (!open) return false;
      open = false;
      try {
        return references.delete(environmentId, request.owner);
      } catch {
        // A database busy past its timeout: the reference names this process, so it lapses when the process ends.
        return false;
      } finally {
        if (!request.leaveConnectionToExit) database.close();
      }
    },
  };
}
