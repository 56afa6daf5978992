import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure } from '@runtime-env/plugin-api';
import { ContainedRoot, OutsideRootError } from '@runtime-env/safe-extract';

/** One file a package installs, from `info/paths.json` (or the older `files` + `has_prefix`). */
export interface PackagePath {
  path: string;
  pathType: 'hardlink' | 'softlink' | 'directory';
  prefixPlaceholder?: string;
  fileMode?: 'text' | 'binary';
  sha256?: string;
  sizeInBytes?: number;
  /** The package asks for a copy, never a link (`no_link`). */
  noLink?: boolean;
}

export interface PackageInfo {
  index: Record<string, unknown>;
  paths: PackagePath[];
  noarch?: string;
  /** `name = module:function` lines from `info/link.json` (noarch: python). */
  entryPoints: string[];
}

/** The placeholder of packages built before conda-build wrote it into `has_prefix`. */
const legacyPlaceholder = '/opt/anaconda1anaconda2anaconda3';

/**
 * Reads a package's metadata. Each file is looked up inside the package only:
 * a package whose `info/` names a link out of it is refused, not read.
 */
export async function readPackageInfo(packageDirectory: string): Promise<PackageInfo> {
  const packageRoot = new ContainedRoot(packageDirectory);
  const info = (name: string) => inPackage(packageRoot, `info/${name}`);
  const index = JSON.parse(await readFile(info('index.json'), 'utf8')) as Record<string, unknown>;
  const link = await readJson(info('link.json'));
  const noarchField = index.noarch ?? (link?.noarch as { type?: string } | undefined)?.type;
  const noarch = typeof noarchField === 'string' ? noarchField : noarchField === true ? 'generic' : undefined;
  const entryPoints = ((link?.noarch as { entry_points?: string[] } | undefined)?.entry_points ?? []).filter((entry) => typeof entry === 'string');
  const pathsJson = await readJson(info('paths.json'));
  const paths = pathsJson ? pathsFromPathsJson(pathsJson) : await pathsFromLegacyFiles(info);
  return { index, paths, ...(noarch ? { noarch } : {}), entryPoints };
}

function pathsFromPathsJson(pathsJson: Record<string, unknown>): PackagePath[] {
  const entries = (pathsJson.paths ?? []) as Record<string, unknown>[];
  return entries.map((entry) => ({
    path: String(entry._path),
    pathType: entry.path_type === 'softlink' ? 'softlink' : entry.path_type === 'directory' ? 'directory' : 'hardlink',
    ...(typeof entry.prefix_placeholder === 'string'
      ? { prefixPlaceholder: entry.prefix_placeholder, fileMode: entry.file_mode === 'binary' ? 'binary' : 'text' }
      : {}),
    ...(typeof entry.sha256 === 'string' ? { sha256: entry.sha256 } : {}),
    ...(typeof entry.size_in_bytes === 'number' ? { sizeInBytes: entry.size_in_bytes } : {}),
    ...(entry.no_link ? { noLink: true } : {}),
  }));
}

/** Packages older than paths.json list files in `info/files` and placeholders in `info/has_prefix`. */
async function pathsFromLegacyFiles(info: (name: string) => string): Promise<PackagePath[]> {
  const files = (await readFile(info('files'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const placeholders = new Map<string, { prefixPlaceholder: string; fileMode: 'text' | 'binary' }>();
  for (const line of (await readFile(info('has_prefix'), 'utf8').catch(() => '')).split('\n').filter(Boolean)) {
    const words = splitQuoted(line);
    if (words.length === 1 && words[0]) placeholders.set(words[0], { prefixPlaceholder: legacyPlaceholder, fileMode: 'text' });
    else if (words.length >= 3 && words[0] && words[2])
      placeholders.set(words.slice(2).join(' '), { prefixPlaceholder: words[0], fileMode: words[1] === 'binary' ? 'binary' : 'text' });
  }
  return files.map((path) => ({ path, pathType: 'hardlink', ...placeholders.get(path) }));
}

/** A metadata file's real path; a missing one gives a path that does not exist, which readers treat as absent. */
function inPackage(packageRoot: ContainedRoot, relativePath: string): string {
  try {
    return packageRoot.existing(relativePath);
  } catch (error) {
    if (error instanceof OutsideRootError && error.reason === 'does not exist') return join(packageRoot.root, relativePath);
    if (error instanceof OutsideRootError) {
      throw SetupFailure.permanent(`conda package ${packageRoot.root} is unsafe: ${error.message}`, { code: 'conda_unsafe_package' });
    }
    throw error;
  }
}

function splitQuoted(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
