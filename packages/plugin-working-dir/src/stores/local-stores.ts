import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginHookContext } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { storeObjectIdentity } from '../uri/plugin-key.js';
import { LocalPackageStore } from './local-package-store.js';
import { openPackageStore } from './open-package-store.js';

/**
 * The stores this node owns: the default one under the data directory and the
 * node-local fallback of `allowLocalPathsWithoutStore`. A configured store
 * elsewhere (an `s3://` bucket, or a folder that may be a shared mount) is never
 * among them: its packages may serve other nodes, so nothing here deletes from it.
 */
export function ownedStoresOf(ctx: PluginHookContext<WorkingDirOptions>): LocalPackageStore[] {
  return [new LocalPackageStore(path.join(ctx.dataDirectory, 'packages')), new LocalPackageStore(path.join(ctx.pluginDirectory, 'packages'))];
}

/** The local stores this plugin writes to on this node (for cleaning their staging folders). */
export function localStoresOf(ctx: PluginHookContext<WorkingDirOptions>): LocalPackageStore[] {
  const stores = ownedStoresOf(ctx);
  try {
    const configured = openPackageStore(ctx.options, ctx.dataDirectory);
    if (configured instanceof LocalPackageStore && !stores.some((store) => store.directory === configured.directory)) stores.push(configured);
  } catch {
    // A malformed store option is reported where a package is packed; here there is just nothing to clean.
  }
  return stores;
}

/** The file of a store object a package location names, when it is in a store this node owns. */
export function ownedStoreFileOf(location: string, ctx: PluginHookContext<WorkingDirOptions>): string | undefined {
  if (!location.startsWith('file://') || !storeObjectIdentity(location)) return undefined;
  const owner = ownedStoresOf(ctx).find((store) => location.startsWith(`${store.uri}/`));
  return owner ? fileURLToPath(location) : undefined;
}
