import { statSync } from 'node:fs';
import type { ValidationIssue } from '@runtime-env/plugin-api';
import { isGitSource } from './git-source.js';

export type SourceField = 'working_dir' | 'py_modules';

/** Archives the plugin extracts; matched case-sensitively, as Ray matches them (`.ZIP` is not one). */
export const archiveSuffixes = ['.zip', '.tar.gz', '.tgz'] as const;

/** Our own packages are plain tars; accepted as remote URIs so `rtenv pack` output can be used directly. */
export const remoteSuffixes: Record<SourceField, readonly string[]> = {
  working_dir: [...archiveSuffixes, '.tar'],
  py_modules: [...archiveSuffixes, '.tar', '.whl'],
};

const fetchableScheme = /^(s3|https?|file):\/\//;
const anyScheme = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * What can be told about a working_dir or py_modules source without fetching it,
 * checked where the document is validated (so `rtenv validate` exits 2, as Ray
 * refuses these at `ray.init`): a scheme the plugin can fetch and an archive it
 * can extract for a URI; for a local path, that it exists and is a folder, an
 * archive, or (py_modules) a `.py` or `.whl` file. Undefined when it is fine.
 */
export function sourceShapeIssue(source: string, field: string, plugin: SourceField): ValidationIssue | undefined {
  const issue = (code: string, message: string): ValidationIssue => ({ code, path: field, plugin, message });
  if (plugin === 'working_dir' && isGitSource(source)) return undefined;
  if (source.startsWith('gcs://'))
    return issue('unsupported_uri', `${source} is a Ray cluster package; give a local path, or an s3://, https:// or file:// URI`);
  if (fetchableScheme.test(source)) {
    if (remoteSuffixes[plugin].some((suffix) => source.endsWith(suffix))) return undefined;
    return issue(
      'unsupported_uri',
      `remote URI ${source} must name an archive ending in ${remoteSuffixes[plugin].join(', ')} (case-sensitive)${plugin === 'working_dir' ? ', or a git repository (https://host/repo.git)' : ''}`,
    );
  }
  if (anyScheme.test(source)) {
    return issue(
      'unsupported_uri',
      `${source}: only s3://, https://, http:// and file:// URIs${plugin === 'working_dir' ? ' and git repositories' : ''} are supported`,
    );
  }
  return localPathIssue(source, plugin, issue);
}

function localPathIssue(source: string, plugin: SourceField, issue: (code: string, message: string) => ValidationIssue): ValidationIssue | undefined {
  const stats = statSync(source, { throwIfNoEntry: false });
  if (!stats)
    return issue(
      'path_not_found',
      `${source} does not exist (a local ${plugin} path must be an existing folder or file on this machine; elsewhere, give a URI)`,
    );
  if (stats.isDirectory()) return undefined;
  const allowed = plugin === 'working_dir' ? archiveSuffixes : ['.py', '.whl'];
  if (stats.isFile() && allowed.some((suffix) => source.endsWith(suffix))) return undefined;
  return issue(
    'unsupported_path',
    `${source} must be a folder${plugin === 'working_dir' ? ' or a .zip, .tar.gz or .tgz archive' : ', a .py file or a .whl file'}`,
  );
}

/** `C:\proj`, `C:/proj` or `\\server\share`: a path from another operating system, which no node here can read. */
export function isWindowsPath(source: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(source) || source.startsWith('\\\\');
}
