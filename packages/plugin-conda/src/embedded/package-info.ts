import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export async function readPackageInfo(packageDirectory: string): Promise<PackageInfo> {
  const info = join(packageDirectory, 'info');
  const index = JSON.parse(await readFile(join(info, 'index.json'), 'utf8')) as Record<string, unknown>;
  const link = await readJson(join(info, 'link.json'));
  const noarchField = index.noarch ?? (link?.noarch as { type?: string } | undefined)?.type;
  const noarch = typeof noarchField === 'string' ? noarchField : noarchField === true ? 'generic' : undefined;
  const entryPoints = ((link?.noarch as { entry_points?: string[] } | undefined)?.entry_points ?? []).filter((entry) => typeof entry === 'string');
  const pathsJson = await readJson(join(info, 'paths.json'));
  const paths = pathsJson ? pathsFromPathsJson(pathsJson) : await pathsFromLegacyFiles(info);
  return { index, paths, ...(noarch ? { noarch } : {}), entryPoints };
}

function pathsFromPathsJson(pathsJson: Record<string, unknown>): PackagePath[] {
  const entries = (pathsJson.paths ?? []) as Record<string, unknown>[];
  return entries.map((entry) => ({
    path: String(entry._path),
    pathType: entry.path_type === 'softlink' ? 'softlink' : entry.path_type === 'directory' ? 'directory' : 'hardlink',
    ...(typeof entry.prefix_placeholder === 'string' ? { prefixPlaceholder: entry.prefix_placeholder, fileMode: entry.file_mode === 'binary' ? 'binary' : 'text' } : {}),
    ...(typeof entry.sha256 === 'string' ? { sha256: entry.sha256 } : {}),
    ...(typeof entry.size_in_bytes === 'number' ? { sizeInBytes: entry.size_in_bytes } : {}),
    ...(entry.no_link ? { noLink: true } : {}),
  }));
}

/** Packages older than paths.json list files in `info/files` and placeholders in `info/has_prefix`. */
async function pathsFromLegacyFiles(info: string): Promise<PackagePath[]> {
  const files = (await readFile(join(info, 'files'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const placeholders = new Map<string, { prefixPlaceholder: string; fileMode: 'text' | 'binary' }>();
  for (const line of (await readFile(join(info, 'has_prefix'), 'utf8').catch(() => '')).split('\n').filter(Boolean)) {
    const words = splitQuoted(line);
    if (words.length === 1 && words[0]) placeholders.set(words[0], { prefixPlaceholder: legacyPlaceholder, fileMode: 'text' });
    else if (words.length >= 3 && words[0] && words[2]) placeholders.set(words.slice(2).join(' '), { prefixPlaceholder: words[0], fileMode: words[1] === 'binary' ? 'binary' : 'text' });
  }
  return files.map((path) => ({ path, pathType: 'hardlink', ...placeholders.get(path) }));
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
