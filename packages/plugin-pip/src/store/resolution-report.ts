import { readFile } from 'node:fs/promises';

/** One distribution pip's `--report` says it installs (or would install, with `--dry-run`). */
export interface ResolvedDistribution {
  /** As its METADATA spells it. */
  name: string;
  version: string;
  /** Hex sha256 of the artifact (wheel or sdist), when pip knows it. */
  sha256?: string;
  /** The artifact is a wheel: what is installed is exactly its files, so it may be shared. */
  isWheel: boolean;
  /** Named by URL or path (`name @ file:///...`, `./dist/x.whl`): pip writes `direct_url.json`, which names that place. */
  isDirect: boolean;
  /** Named in the requirements (not only pulled in as a dependency): pip marks it with `REQUESTED`. */
  requested: boolean;
  /** Where pip would take the artifact from (credentials included: never shown). */
  url?: string;
}

interface ReportItem {
  metadata?: { name?: string; version?: string };
  is_direct?: boolean;
  requested?: boolean;
  download_info?: { url?: string; archive_info?: { hash?: string; hashes?: Record<string, string> } };
}

export async function readResolution(path: string): Promise<ResolvedDistribution[]> {
  const report = JSON.parse(await readFile(path, 'utf8')) as { install?: ReportItem[] };
  const resolved: ResolvedDistribution[] = [];
  for (const item of report.install ?? []) {
    const name = item.metadata?.name;
    const version = item.metadata?.version;
    if (!name || !version) continue;
    const archive = item.download_info?.archive_info;
    const sha256 = archive?.hashes?.sha256 ?? (archive?.hash?.startsWith('sha256=') ? archive.hash.slice('sha256='.length) : undefined);
    const fullUrl = item.download_info?.url;
    const url = (fullUrl ?? '').replace(/[#?].*$/, '');
    resolved.push({
      ...(fullUrl ? { url: fullUrl } : {}),
      name,
      version,
      ...(sha256 ? { sha256 } : {}),
      isWheel: url.endsWith('.whl'),
      isDirect: item.is_direct === true,
      requested: item.requested === true,
    });
  }
  return resolved;
}
