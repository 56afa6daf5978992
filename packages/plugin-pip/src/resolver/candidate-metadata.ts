import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatVersion } from '../python-packaging/pep440.js';
import type { StoreAccess } from '../store/store-access.js';
import { entryDirectory } from '../store/store-layout.js';
import { readSummary } from '../store/store-manifest.js';
import { fetchArtifact } from '../installer/wheel-source.js';
import { parseCoreMetadata, type CoreMetadata } from './core-metadata.js';
import type { IndexCandidate } from './link-evaluation.js';
import { metadataFromWheel } from './wheel-zip-metadata.js';

export interface MetadataSources {
  store?: StoreAccess;
  artifactCache: string;
  signal: AbortSignal;
  /** Bytes downloaded for a wheel read here (it is then in the artifact cache, and the installer does not fetch it again). */
  onDownload?: (fileName: string, bytesDone: number, bytesTotal: number | undefined) => void;
}

/** The wheel's own file-name version, then its normalized form: the versions a store entry of it can be recorded under. */
function versionSpellings(candidate: IndexCandidate): string[] {
  const fromName = candidate.link.fileName.split('-')[1]?.replace(/_/g, '-');
  return [...new Set([fromName, formatVersion(candidate.parsed)].filter((text): text is string => Boolean(text)))];
}

async function fromStore(candidate: IndexCandidate, project: string, store: StoreAccess): Promise<CoreMetadata | undefined> {
  const sha256 = candidate.link.sha256;
  if (!sha256) return undefined;
  for (const version of versionSpellings(candidate)) {
    const entry = entryDirectory(store.layout, { name: project, version, wheelSha256: sha256, ...store.environment });
    const summary = await readSummary(entry).catch(() => undefined);
    if (!summary) continue;
    const text = await readFile(join(entry, 'files', summary.marker), 'utf8').catch(() => undefined);
    const metadata = text === undefined ? undefined : parseCoreMetadata(text);
    if (metadata && metadata.version === version) return metadata;
  }
  return undefined;
}

async function fromMetadataFile(candidate: IndexCandidate, signal: AbortSignal): Promise<CoreMetadata | undefined> {
  const url = `${candidate.link.url}.metadata`;
  const bytes = url.startsWith('file:')
    ? await readFile(fileURLToPath(url)).catch(() => undefined)
    : await fetch(url, { signal }).then(async (response) => (response.ok ? Buffer.from(await response.arrayBuffer()) : undefined));
  if (!bytes) return undefined;
  const expected = candidate.link.metadata?.sha256;
  if (expected && createHash('sha256').update(bytes).digest('hex') !== expected) throw new Error(`${url} does not have the sha256 its index lists`);
  return parseCoreMetadata(bytes.toString('utf8'));
}

/**
 * A wheel's core metadata, from the cheapest place that has exactly it: the
 * distribution store's entry for the same wheel (same sha256), the index's PEP
 * 658 `.metadata` file, or the wheel itself (read in place from a `file://`
 * index, else downloaded once, hash checked, into the artifact cache that the
 * installer then takes it from).
 */
export async function candidateMetadata(candidate: IndexCandidate, project: string, sources: MetadataSources): Promise<CoreMetadata> {
  const stored = sources.store ? await fromStore(candidate, project, sources.store) : undefined;
  if (stored) return stored;
  if (candidate.link.metadata) {
    const served = await fromMetadataFile(candidate, sources.signal);
    if (served) return served;
  }
  const artifact = await fetchArtifact({
    url: candidate.link.url,
    ...(candidate.link.sha256 ? { sha256: candidate.link.sha256 } : {}),
    cacheDirectory: sources.artifactCache,
    signal: sources.signal,
    onBytes: (done, total) => sources.onDownload?.(candidate.link.fileName, done, total),
  });
  const metadata = parseCoreMetadata(await metadataFromWheel(artifact.path));
  if (!metadata) throw new Error(`${candidate.link.fileName} has no Name or Version in its METADATA`);
  return metadata;
}
