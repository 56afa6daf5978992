import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ValidationError, type SpecHookContext, type NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import { packDirectory, packSingleFile } from '../packing/pack-directory.js';
import { sealDirectoryOf } from '../packing/package-seal.js';
import type { WorkingDirOptions } from '../plugin-options.js';
import { isGitSource, resolveGitCommit, type GitRevision } from '../sources/git-source.js';
import { identifyRemote } from '../sources/identify-remote.js';
import { LocalPackageStore } from '../stores/local-package-store.js';
import { openPackageStore } from '../stores/open-package-store.js';
import type { PackageStore } from '../stores/package-store.js';
import type { PackageReference } from '../uri/plugin-key.js';
import { archiveSuffixes, sourceShapeIssue, type SourceField } from '../sources/source-shape.js';
import { uploadFileAsIs } from './upload-file-as-is.js';

function invalid(field: string, plugin: SourceField, code: string, message: string): ValidationError {
  return new ValidationError([{ code, path: field, plugin, message }]);
}

function storeFor(field: string, plugin: SourceField, ctx: SpecHookContext<WorkingDirOptions>): PackageStore {
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
export async function resolveSource(source: string, field: string, plugin: SourceField, ctx: SpecHookContext<WorkingDirOptions>): Promise<PackageReference> {
  // Validation checked this already; checked again because a local path may have gone since.
  const shapeIssue = sourceShapeIssue(source, field, plugin);
  if (shapeIssue) throw new ValidationError([shapeIssue]);
  if (plugin === 'working_dir' && isGitSource(source)) {
    const commit = await resolveGitCommit(source, gitRevision(ctx.runtimeEnv), ctx.options);
    return { location: source.startsWith('git+') ? source : `git+${source}`, identity: { kind: 'commit', value: commit } };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return identifyRemote(source, ctx.options, ctx.signal);
  return resolveLocalPath(source, field, plugin, ctx);
}

async function resolveLocalPath(source: string, field: string, plugin: SourceField, ctx: SpecHookContext<WorkingDirOptions>): Promise<PackageReference> {
  const stats = await fs.stat(source);
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
    ctx.logger.info(packed.uploaded ? 'uploaded package' : 'package already in store', {
      source,
      uri: packed.uri,
      files: packed.fileCount,
      bytes: packed.totalBytes,
    });
    return { location: packed.uri, identity: { kind: 'tree', value: packed.digest } };
  }
  if (plugin === 'py_modules' && source.endsWith('.py')) {
    const packed = await packSingleFile(source, packOptions);
    return { location: packed.uri, identity: { kind: 'tree', value: packed.digest } };
  }
  // sourceShapeIssue let only these through.
  const suffix = [...archiveSuffixes, '.whl'].find((candidate) => source.endsWith(candidate))!;
  return uploadFileAsIs(source, suffix, store, ctx.signal);
}
