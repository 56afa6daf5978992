import { promises as fs } from 'node:fs';
import path from 'node:path';
import { measureDirectorySize, type DeleteContext, type PluginHookContext } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { removeAbandonedStagingFiles } from '../stores/abandoned-staging-files.js';
import { localStoresOf, ownedStoreFileOf } from '../stores/local-stores.js';
import { PackageUsers } from '../stores/package-users.js';
import { parseKey } from '../uri/plugin-key.js';

/**
 * Makes the URI being created a user of the store package it is made from, when
 * the package is in a store this node owns, and returns the package's size, which
 * the URI's size then includes so budgets see the store too.
 */
export async function useStorePackage(uri: string, key: string, location: string, ctx: PluginHookContext<WorkingDirOptions>): Promise<number> {
  const packageFile = ownedStoreFileOf(location, ctx);
  if (!packageFile) return 0;
  await usersOf(packageFile, ctx).add(uri, key);
  return (await fs.stat(packageFile).catch(() => undefined))?.size ?? 0;
}

/** From `hash`: a URI of this key will be made from this store package, so a collection meanwhile keeps it. */
export async function expectStorePackageUse(key: string, location: string, ctx: PluginHookContext<WorkingDirOptions>): Promise<void> {
  const packageFile = ownedStoreFileOf(location, ctx);
  if (packageFile) await usersOf(packageFile, ctx).expect(key);
}

/** The two plugins of this pack that make URIs from store packages. */
const packPlugins = ['working_dir', 'py_modules'];

/**
 * This plugin's record of a package's users, knowing the sibling's: both live in
 * the core's layout `<data>/plugins/<name>/shared`, the sibling's only read.
 */
function usersOf(packageFile: string, ctx: PluginHookContext<WorkingDirOptions>): PackageUsers {
  const pluginsFolder = path.dirname(path.dirname(ctx.pluginDirectory));
  const own = path.basename(path.dirname(ctx.pluginDirectory));
  const siblings = packPlugins.filter((name) => name !== own).map((name) => path.join(pluginsFolder, name, 'shared'));
  return new PackageUsers(ctx.pluginDirectory, packageFile, siblings);
}

/** The `delete` hook: the URI's files, plus its store package when no other URI uses it. */
export async function releaseStorePackage(ctx: DeleteContext<WorkingDirOptions>): Promise<number> {
  const { uri } = ctx;
  const recorded = ctx.details?.contentBytes;
  const contentBytes =
    typeof recorded === 'number'
      ? recorded
      : await measureDirectorySize(ctx.directory).then(
          (size) => size.apparentBytes,
          () => 0,
        );
  const packageFile = ownedStoreFileOf(parseKey(ctx.key).location, ctx);
  if (!packageFile) return contentBytes;
  return contentBytes + (await usersOf(packageFile, ctx).release(uri));
}

/** The `recover` hook: half-written packages of processes that died while packing. */
export async function removeAbandonedPackages(ctx: PluginHookContext<WorkingDirOptions>): Promise<void> {
  for (const store of localStoresOf(ctx)) {
    const bytesFreed = await removeAbandonedStagingFiles(store.stagingDirectory);
    if (bytesFreed > 0) ctx.logger.info('removed packages that dead processes left half-written', { store: store.uri, bytes: bytesFreed });
  }
}
