import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataLayout } from '../store/data-layout.js';
import type { EnvironmentStore } from '../store/environment-store.js';
import type { ReferenceStore } from '../store/reference-store.js';
import type { StructuredLog } from '../hooks/hook-contexts.js';
import { killOrphanedSetupProcesses } from './orphaned-setup-processes.js';
import type { FastPathFiles } from '../../fast-path/fast-path-files.js';
import { liveLeaseHolders, removeDeadLeases } from '../../fast-path/fast-path-leases.js';
import { servableEnvironmentOf } from '../launch/servable-environment.js';
import { isProcessAlive, type ProcessIdentity } from '@runtime-env/plugin-api';
import type { UriStore } from '../store/uri-store.js';

export interface RecoveryReport {
  staleUrisRemoved: string[];
  missingUrisForgotten: string[];
  orphanDirectoriesRemoved: string[];
  environmentsToRebuild: string[];
  /** Environments a dead process left `creating`, never ready and held by nobody: their records are gone. */
  abandonedEnvironmentsRemoved: string[];
  /** Setup processes that outlived their creator, killed before its directories went. */
  orphanedProcessesKilled: number[];
  /** Fast-path leases (`<environment>/<lease>`) of processes that are gone: a SIGKILLed `rtenv run`. */
  deadLeasesRemoved: string[];
}

/**
 * Makes the data directory consistent after a crash: URIs left `creating` or
 * `deleting` by a process that is gone are removed (directory and record),
 * directories no record knows are deleted, and a ready environment whose URI
 * vanished is marked to be built again when next asked for. Live processes'
 * work is left alone, so several processes may open the same data directory.
 * An environment a dead process was creating is settled too, so `rtenv ls` does
 * not show it `creating` forever: dropped when nobody holds it, else marked to be
 * built again. Setup processes a dead creator left running are killed first, so
 * none writes into a directory being removed or reused.
 */
export async function recoverDataDirectory(
  layout: DataLayout,
  uris: UriStore,
  environments: EnvironmentStore,
  references: ReferenceStore,
  fastPathFiles: FastPathFiles,
  log?: StructuredLog,
): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    staleUrisRemoved: [],
    missingUrisForgotten: [],
    orphanDirectoriesRemoved: [],
    environmentsToRebuild: [],
    abandonedEnvironmentsRemoved: [],
    orphanedProcessesKilled: [],
    deadLeasesRemoved: [],
  };
  for (const creator of deadCreators(uris, environments)) report.orphanedProcessesKilled.push(...(await killOrphanedSetupProcesses(creator)));
  const rebuild = new Set<string>();
  for (const row of uris.all()) {
    if (row.state === 'creating' || row.state === 'deleting' || row.state === 'failed') {
      if (row.holder_pid !== null && isProcessAlive(row.holder_pid, row.holder_start_time)) continue;
      rmSync(row.path, { recursive: true, force: true });
      uris.delete(row.uri);
      report.staleUrisRemoved.push(row.uri);
    } else if (!existsSync(row.path)) {
      uris.delete(row.uri);
      report.missingUrisForgotten.push(row.uri);
      for (const id of environments.environmentsNeeding(row.uri)) rebuild.add(id);
    }
  }
  for (const id of rebuild) {
    if (environments.get(id)?.state === 'ready') {
      environments.markNeedsRebuild(id);
      report.environmentsToRebuild.push(id);
    }
  }
  // In one write transaction, so a process taking one of them over meanwhile is not undone.
  uris.transaction(() => settleAbandonedEnvironments(environments, references, fastPathFiles, report));
  removeOrphanDirectories(layout, uris, report);
  report.deadLeasesRemoved = removeDeadLeases(fastPathFiles);
  // A write transaction, as the recorder's: a file it writes meanwhile is for a ready environment. None without files.
  const environmentFiles = listDirectory(fastPathFiles.environmentsDirectory);
  if (environmentFiles.length > 0) uris.transaction(() => removeUnservableEnvironmentFiles(fastPathFiles, environmentFiles, environments, uris));
  const changes =
    report.staleUrisRemoved.length +
    report.missingUrisForgotten.length +
    report.orphanDirectoriesRemoved.length +
    report.abandonedEnvironmentsRemoved.length +
    report.orphanedProcessesKilled.length +
    report.deadLeasesRemoved.length;
  if (changes > 0) {
    log?.({ event: 'recovery', ...report });
  }
  return report;
}

/** The processes that hold a claim (a URI or an environment being made or removed) and are gone. */
function deadCreators(uris: UriStore, environments: EnvironmentStore): ProcessIdentity[] {
  const creators = new Map<string, ProcessIdentity>();
  for (const row of [...uris.all(), ...environments.all()]) {
    if (row.state === 'ready' || row.holder_pid === null) continue;
    const creator = { pid: row.holder_pid, startTime: row.holder_start_time };
    creators.set(`${creator.pid}:${creator.startTime}`, creator);
  }
  return [...creators.values()].filter((creator) => !isProcessAlive(creator.pid, creator.startTime));
}

function settleAbandonedEnvironments(environments: EnvironmentStore, references: ReferenceStore, fastPathFiles: FastPathFiles, report: RecoveryReport): void {
  for (const row of environments.all()) {
    // A null holder means "to be built again when asked for": nobody is creating it, and that is its settled state.
    if (row.state !== 'creating' || row.holder_pid === null || isProcessAlive(row.holder_pid, row.holder_start_time)) continue;
    // Held by a reference, or by a fast-path run's live lease (taken while it was still ready).
    if (references.of(row.id).length > 0 || liveLeaseHolders(fastPathFiles, row.id).length > 0) {
      environments.markNeedsRebuild(row.id);
      report.environmentsToRebuild.push(row.id);
    } else {
      environments.delete(row.id);
      report.abandonedEnvironmentsRemoved.push(row.id);
    }
  }
}

function removeOrphanDirectories(layout: DataLayout, uris: UriStore, report: RecoveryReport): void {
  const found = listDirectory(layout.pluginsDirectory).flatMap((plugin) => {
    const urisDirectory = layout.pluginUrisDirectory(plugin);
    return listDirectory(urisDirectory).map((name) => join(urisDirectory, name));
  });
  // Read the records after listing: a creator inserts its record before making the
  // directory, so a directory seen above without a record now is truly an orphan.
  const known = new Set(uris.all().map((row) => row.path));
  for (const path of found) {
    if (known.has(path)) continue;
    rmSync(path, { recursive: true, force: true });
    report.orphanDirectoriesRemoved.push(path);
  }
}

/**
 * The fast path's environment files of environments that are not (or no longer)
 * servable: a data directory whose database was replaced, or a URI that vanished.
 */
function removeUnservableEnvironmentFiles(files: FastPathFiles, names: readonly string[], environments: EnvironmentStore, uris: UriStore): void {
  for (const name of names) {
    const environmentId = name.endsWith('.json') ? name.slice(0, -'.json'.length) : undefined;
    if (environmentId !== undefined && servableEnvironmentOf(environments, uris, environmentId)) continue;
    rmSync(join(files.environmentsDirectory, name), { force: true });
  }
}

function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
