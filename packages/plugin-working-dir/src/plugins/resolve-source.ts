import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ValidationError, type HashContext, type NormalizedRuntimeEnv } from '@runtime-env/core/plugin';
import { packDirectory, packSingleFile } from '../packing/pack-directory.js';
import { sealDirectoryOf } from '../packing/package-seal.js';
import type { WorkingDirOptions } from '../plugin-options.js';
import { isGitSource, resolveGitCommit, type GitRevision } from '../sources/git-source.js';
import { identifyRemote } from '../sources/identify-remote.js';
import { LocalPackageStore } from '../stores/local-package-store.js';
import { openPackageStore } from '../stores/open-package-store.js';
import type { PackageStore } from '../stores/package-store.js';
import type { PackageReference } from '../uri/plugin-uri.js';
import { uploadFileAsIs } from './upload-file-as-is.js';

export type SourceField = 'working_dir' | 'py_modules';

const archiveSuffixes = ['.zip', '.tar.gz', '.tgz'];
/** Our own packages are plain tars; accepted as remote URIs so `rtenv pack` output can be used directly. */
const remoteSuffixes: Record<SourceField, string[]> = {
  working_dir: [...archiveSuffixes, '.tar'],
  py_modules: [...archiveSuffixes, '.tar', '.whl'],
};

function invalid(field: string, plugin: SourceField, code: string, message: string): ValidationError {
  return new ValidationError([{ code, path: field, plugin, message }]);
}

function storeFor(field: string, plugin: SourceField, ctx: HashContext<WorkingDirOptions>): PackageStore {
  const store = openPackageStore(ctx.options, ctx.dataDirectory);
  if (store) return store;
  if (ctx.options.allowLocalPathsWithoutStore) return new LocalPackageStore(path.join(ctx.pluginDirectory, 'packages'));
  throw invalid(
    field,
    plugin,
    'local_path_without_store',
    'a local path needs a package store to be uploaded to (the plugin option "store" is null); give a remote URI, ' +
      'pack it first with `rtenv pack DIR --store URI`, or set allowLocalPathsWithoutStore for node-local use',
  );
}

function gitRevision(runtimeEnv: NormalizedRuntimeEnv): GitRevision {
  return {
    branch: runtimeEnv.git_branch as string | undefined,
    tag: runtimeEnv.git_tag as string | undefined,
    commit: runtimeEnv.git_commit as string | undefined,
  };
}

/**
 * Turns one source (the working_dir, or one py_modules entry) into a reference
 * that pins its content: local paths are packed and uploaded now (as Ray's driver
 * does), remote objects are identified by ETag, version or digest, and git refs
 * are resolved to a commit.
 */
export async function resolveSource(source: string, field: string, plugin: SourceField, ctx: HashContext<WorkingDirOptions>): Promise<PackageReference> {
  if (plugin === 'working_dir' && isGitSource(source)) {
    const commit = await resolveGitCommit(source, gitRevision(ctx.runtimeEnv), ctx.options);
    return { location: source.startsWith('git+') ? source : `git+${source}`, identity: { kind: 'commit', value: commit } };
  }
  if (/^gcs:\/\//.test(source)) {
    throw invalid(field, plugin, 'unsupported_uri', `${source} is a Ray cluster package; give a local path, or an s3://, https:// or file:// URI`);
  }
  if (/^(s3|https?|file):\/\//.test(source)) {
    if (!remoteSuffixes[plugin].some((suffix) => source.endsWith(suffix))) {
      throw invalid(field, plugin, 'unsupported_uri', `remote URI ${source} must end in ${remoteSuffixes[plugin].join(', ')}`);
    }
    return identifyRemote(source, ctx.options, ctx.signal);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw invalid(field, plugin, 'unsupported_uri', `${source}: only s3://, https://, http:// and file:// URIs${plugin === 'working_dir' ? ' and git repositories' : ''} are supported`);
  }
  return resolveLocalPath(source, field, plugin, ctx);
}

async function resolveLocalPath(source: string, field: string, plugin: SourceField, ctx: HashContext<WorkingDirOptions>): Promise<PackageReference> {
  const stats = await fs.stat(source).catch(() => undefined);
  if (!stats) throw invalid(field, plugin, 'path_not_found', `${source} does not exist (a local ${plugin} path must be an existing folder or file)`);
  const store = storeFor(field, plugin, ctx);
  const packOptions = {
    store,
    compression: ctx.options.compression,
    maxPackageBytes: ctx.options.maxPackageBytes,
    digestCacheDirectory: path.join(ctx.pluginDirectory, 'digest-cache'),
    sealDirectory: sealDirectoryOf(ctx.pluginDirectory),
    excludes: (ctx.runtimeEnv.excludes as string[] | undefined) ?? [],
    useGitignore: ctx.options.useGitignore,
    signal: ctx.signal,
    onSkipped: (relativePath: string, reason: string) => ctx.logger.warn(`left out ${relativePath}: ${reason}`, { source }),
  };
  if (stats.isDirectory()) {
    const packed = await packDirectory(source, {
      ...packOptions,
      defaultExcludes: plugin === 'working_dir' ? ctx.options.defaultExcludes : [],
      topLevelName: plugin === 'py_modules' ? path.basename(source) : undefined,
    });
    ctx.logger.info(packed.uploaded ? 'uploaded package' : 'package already in store', { source, uri: packed.uri, files: packed.fileCount, bytes: packed.totalBytes });
    return { location: packed.uri, identity: { kind: 'tree', value: packed.digest } };
  }
  if (plugin === 'py_modules' && source.endsWith('.py')) {
    const packed = await packSingleFile(source, packOptions);
    return { location: packed.uri, identity: { kind: 'tree', value: packed.digest } };
  }
  const allowed = plugin === 'working_dir' ? archiveSuffixes : ['.whl'];
  const suffix = allowed.find((candidate) => source.endsWith(candidate));
  if (!suffix) {
    throw invalid(field, plugin, 'unsupported_path', `${source} must be a folder${plugin === 'working_dir' ? ' or a .zip, .tar.gz or .tgz archive' : ', a .py file or a .whl file'}`);
  }
  return uploadFileAsIs(source, suffix, store, ctx.signal);
}
