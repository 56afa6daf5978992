import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataLayout } from './data-layout.js';
import type { EnvironmentStore } from './environment-store.js';
import type { StructuredLog } from './hook-contexts.js';
import { isProcessAlive } from './process-identity.js';
import type { UriStore } from './uri-store.js';

export interface RecoveryReport {
  staleUrisRemoved: string[];
  missingUrisForgotten: string[];
  orphanDirectoriesRemoved: string[];
  environmentsToRebuild: string[];
}

/**
 * Makes the data directory consistent after a crash: URIs left `creating` or
 * `deleting` by a process that is gone are removed (directory and record),
 * directories no record knows are deleted, and a ready environment whose URI
 * vanished is marked to be built again when next asked for. Live processes'
 * work is left alone, so several processes may open the same data directory.
 */
export function recoverDataDirectory(layout: DataLayout, uris: UriStore, environments: EnvironmentStore, log?: StructuredLog): RecoveryReport {
  const report: RecoveryReport = { staleUrisRemoved: [], missingUrisForgotten: [], orphanDirectoriesRemoved: [], environmentsToRebuild: [] };
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
  removeOrphanDirectories(layout, uris, report);
  if (report.staleUrisRemoved.length + report.missingUrisForgotten.length + report.orphanDirectoriesRemoved.length > 0) {
    log?.({ event: 'recovery', ...report });
  }
  return report;
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

function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
