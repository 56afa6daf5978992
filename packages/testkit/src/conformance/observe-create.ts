import { mkdir } from 'node:fs/promises';
import { relative } from 'node:path';
import { recordConsoleWrites } from './console-guard.js';
import { snapshotDirectory, type DirectorySnapshot } from './directory-snapshot.js';
import type { CreatedUri, NormalizedCase, PluginHarness } from './plugin-harness.js';

/** Everything seen while `create` built every URI of one spec: the input of the create checks. */
export interface CreateObservation {
  normalized: NormalizedCase;
  uris: string[];
  /** The data directory before `hash` ran, so `delete` may also free what `hash` made (a package it stored). */
  beforeHash: DirectorySnapshot;
  /** The data directory before and after, the URI directories already made (the core makes them). */
  before: DirectorySnapshot;
  after: DirectorySnapshot;
  created: CreatedUri[];
  consoleWrites: string[];
}

/** Hashes the spec, then creates each URI in order, as the core does for one environment. */
export async function observeCreate(harness: PluginHarness, normalized: NormalizedCase): Promise<CreateObservation> {
  const beforeHash = await snapshotDirectory(harness.dataDirectory);
  const uris = await harness.hash(normalized);
  for (const uri of uris) await mkdir(harness.directoryFor(uri), { recursive: true });
  const before = await snapshotDirectory(harness.dataDirectory);
  const { result: created, consoleWrites } = await recordConsoleWrites(async () => {
    const results: CreatedUri[] = [];
    for (const uri of uris) results.push(await harness.create(uri, normalized));
    return results;
  });
  const after = await snapshotDirectory(harness.dataDirectory);
  return { normalized, uris, beforeHash, before, after, created, consoleWrites };
}

/** Paths, relative to the data directory, that a plugin may write under: its URI directories and its plugin directory. */
export function writablePathsOf(harness: PluginHarness, uris: readonly string[]): string[] {
  return [harness.pluginDirectory, ...uris.map((uri) => harness.directoryFor(uri))].map((path) => relative(harness.dataDirectory, path));
}
