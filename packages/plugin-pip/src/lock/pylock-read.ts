import { basename } from 'node:path';
import { parse } from './toml.js';
import { normalizeProjectName } from '../requirement-lines.js';

/** `pylock.toml` or `pylock.<name>.toml` (PEP 751's file names). */
export function isPylockFileName(path: string): boolean {
  return /^pylock\.([^.]+\.)?toml$/.test(basename(path));
}

/** One artifact of a locked package, always with its sha256: a lock without hashes cannot be installed without resolving. */
export interface LockedArtifact {
  name: string;
  url: string;
  sha256: string;
}

/** One `[[packages]]` entry this plugin can install: from wheels or an sdist, by URL, hashed. */
export interface PylockPackage {
  name: string;
  version: string;
  /** PEP 508 environment marker; the package is installed only where it holds. */
  marker?: string;
  requiresPython?: string;
  wheels: LockedArtifact[];
  sdist?: LockedArtifact;
}

export class PylockError extends Error {}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function artifact(value: unknown, where: string): LockedArtifact {
  const table = (value ?? {}) as Record<string, unknown>;
  const url = text(table.url);
  const sha256 = text((table.hashes as Record<string, unknown> | undefined)?.sha256);
  if (!url) throw new PylockError(`${where} has no "url" (only artifacts with a URL can be fetched; "path" is not supported)`);
  if (!sha256 || !/^[0-9a-f]{64}$/i.test(sha256))
    throw new PylockError(`${where} has no sha256 in "hashes" (every artifact must be hashed, so nothing is resolved or trusted blindly)`);
  return { name: text(table.name) ?? basename(new URL(url).pathname), url, sha256: sha256.toLowerCase() };
}

/**
 * Reads a PEP 751 lock file (TOML, parsed by smol-toml). Only what can be
 * installed without resolving is accepted: packages with a version and hashed
 * wheels or an sdist. VCS, directory and archive sources name things that may
 * change and are refused with the package named. Entries a plugin marked as the
 * base interpreter's (`[packages.tool.rtenv] base-interpreter = true`) are
 * skipped: the base interpreter provides them.
 */
export function parsePylock(source: string, fileName: string): PylockPackage[] {
  let document: Record<string, unknown>;
  try {
    document = parse(source) as Record<string, unknown>;
  } catch (error) {
    throw new PylockError(`${fileName} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const lockVersion = text(document['lock-version']);
  if (!lockVersion || !/^1(\.\d+)?$/.test(lockVersion))
    throw new PylockError(`${fileName} has lock-version ${JSON.stringify(document['lock-version'] ?? null)}; version 1.x is read`);
  const packages = document.packages;
  if (!Array.isArray(packages)) throw new PylockError(`${fileName} has no [[packages]]`);
  const result: PylockPackage[] = [];
  packages.forEach((value, index) => {
    const entry = (value ?? {}) as Record<string, unknown>;
    const name = text(entry.name);
    const where = `${fileName}: packages[${index}]${name ? ` (${name})` : ''}`;
    if (!name) throw new PylockError(`${where} has no "name"`);
    if ((entry.tool as Record<string, Record<string, unknown>> | undefined)?.rtenv?.['base-interpreter'] === true) return;
    const version = text(entry.version);
    if (!version) throw new PylockError(`${where} has no "version" (only pinned packages can be installed without resolving)`);
    for (const kind of ['vcs', 'directory', 'archive']) {
      if (entry[kind] !== undefined) throw new PylockError(`${where} comes from a ${kind}, which is not supported; lock it from an index (wheels or an sdist)`);
    }
    const wheels = Array.isArray(entry.wheels) ? entry.wheels.map((wheel, wheelIndex) => artifact(wheel, `${where} wheels[${wheelIndex}]`)) : [];
    const sdist = entry.sdist === undefined ? undefined : artifact(entry.sdist, `${where} sdist`);
    if (wheels.length === 0 && !sdist) throw new PylockError(`${where} has neither wheels nor an sdist`);
    result.push({
      name: normalizeProjectName(name),
      version,
      ...(text(entry.marker) ? { marker: text(entry.marker) } : {}),
      ...(text(entry['requires-python']) ? { requiresPython: text(entry['requires-python']) } : {}),
      wheels,
      ...(sdist ? { sdist } : {}),
    });
  });
  return result;
}

/**
 * The lock as requirement lines (`name==version ; marker --hash=sha256:...`, every
 * artifact's hash): they make the environment's URI depend on exactly what is
 * locked, and pip can install them as they are (hash-checking mode) where the
 * plugin's installer is not used.
 */
export function pylockRequirementLines(packages: readonly PylockPackage[]): string[] {
  return packages.map((item) => {
    const hashes = [...item.wheels, ...(item.sdist ? [item.sdist] : [])].map((artifactItem) => `--hash=sha256:${artifactItem.sha256}`);
    return `${item.name}==${item.version}${item.marker ? ` ; ${item.marker}` : ''} ${hashes.join(' ')}`;
  });
}
