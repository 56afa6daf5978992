import { rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { checkOnlyAllowedChanges } from './check-create.js';
import { sizeToleranceFor } from './check-size.js';
import { ConformanceFailure } from './conformance-failure.js';
import { snapshotDirectory } from './directory-snapshot.js';
import { measureDiskUsage } from './disk-usage.js';
import type { CreateObservation } from './observe-create.js';
import type { PluginHarness } from './plugin-harness.js';

/**
 * Deletes every created URI as the core does (the `delete` hook, then removing the
 * directory) and checks that the data directory is back to what it was before
 * `create`, apart from the plugin directory's shared caches and what `hash` made
 * for the spec (a package the working_dir plugin stored, which `delete` may free
 * with the last URI made from it), and that the bytes `delete` reports match what
 * `create` reported.
 */
export async function checkDeleteFrees(harness: PluginHarness, observation: CreateObservation): Promise<void> {
  const { name } = harness.plugin;
  for (const entry of observation.created) {
    const usage = await measureDiskUsage(entry.directory);
    const freed = await harness.delete(entry, observation.normalized);
    await rm(entry.directory, { recursive: true, force: true });
    if (freed === undefined) continue;
    if (!Number.isSafeInteger(freed) || freed < 0) {
      throw new ConformanceFailure(name, 'delete reports bytes freed', `delete of "${entry.uri}" returned ${String(freed)}, not a whole number of bytes ≥ 0`);
    }
    checkFreedMatchesReported(name, entry.uri, freed, entry.result.sizeBytes, usage.allocatedBytes, usage.apparentBytes);
  }
  const afterDelete = await snapshotDirectory(harness.dataDirectory);
  // Files only: a folder hash made (the store's) would allow anything inside it.
  const madeByHash = [...observation.before].filter(([path, state]) => state.kind !== 'directory' && !observation.beforeHash.has(path)).map(([path]) => path);
  const allowed = [
    relative(harness.dataDirectory, harness.pluginDirectory),
    ...observation.uris.map((uri) => relative(harness.dataDirectory, harness.directoryFor(uri))),
    ...madeByHash,
  ];
  checkOnlyAllowedChanges(harness, 'delete frees what create made', observation.before, afterDelete, allowed);
}

/**
 * The contract leaves open whether `delete` returns every byte the URI used or only
 * those outside its directory (which the core then adds). Either reading is
 * accepted; a number matching neither is not.
 */
function checkFreedMatchesReported(plugin: string, uri: string, freed: number, reported: number, ...directoryBytes: number[]): void {
  const readings = [reported, ...directoryBytes.map((bytes) => Math.max(0, reported - bytes))];
  const tolerance = sizeToleranceFor(reported);
  if (readings.some((expected) => Math.abs(freed - expected) <= tolerance)) return;
  throw new ConformanceFailure(
    plugin,
    'delete reports bytes freed',
    `delete of "${uri}" reported ${freed} bytes freed, but create reported ${reported} bytes`,
    'return the bytes the URI held (or those outside ctx.directory)',
  );
}
