import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntryIdentity } from './store-layout.js';
import type { RecordLine } from './record-file.js';

/** `manifest.json` of a store entry: what to link, what to write per environment. */
export interface StoreManifest extends EntryIdentity {
  /** `fixture_lib-1.0.0.dist-info`, relative to site-packages. */
  distInfo: string;
  /** Files under `files/`, relative to the venv; hard-linked into each environment. */
  files: string[];
  /** Scripts under `scripts/`, relative to the venv, stored without the interpreter line they had. */
  scripts: { path: string; mode: number; namesInterpreter: boolean }[];
  /** The RECORD pip wrote; each environment gets it with its own scripts' hashes. */
  record: RecordLine[];
  /** Bytes allocated on disk by `files/` (what sharing the entry saves each environment). */
  bytes: number;
  /** What each environment's `INSTALLER` says: `pip` for entries kept from pip's installations (the default), `rtenv` for wheels this plugin unpacked. */
  installer?: string;
}

export const manifestFileName = 'manifest.json';

/**
 * `summary.json`: the little pruning reads for every entry (the manifest of a
 * large distribution lists thousands of files).
 */
export interface EntrySummary {
  /** The file, relative to `files/`, whose link count tells whether an environment links the entry. */
  marker: string;
  bytes: number;
}

export const summaryFileName = 'summary.json';

export async function readSummary(entry: string): Promise<EntrySummary> {
  return JSON.parse(await readFile(join(entry, summaryFileName), 'utf8')) as EntrySummary;
}

export async function readManifest(entry: string): Promise<StoreManifest> {
  return JSON.parse(await readFile(join(entry, manifestFileName), 'utf8')) as StoreManifest;
}

/** The file whose link count tells whether any environment still links the entry: every environment links METADATA first. */
export function markerFile(manifest: Pick<StoreManifest, 'sitePackages' | 'distInfo'>): string {
  return `${manifest.sitePackages}/${manifest.distInfo}/METADATA`;
}
