import { ConfigError, loadPlugins, type LoadedPlugin } from '@runtime-env/core';
import { cliPackageDirectory, firstPartyPluginPackages, pluginResolutionConditions } from './plugin-resolution.js';

export { firstPartyPluginPackages } from './plugin-resolution.js';

/**
 * Loads each first-party package that resolves. One that does not resolve is not
 * installed (or has no entry yet) and is skipped; one that resolves but fails to
 * import or has the wrong shape is an error, never silently skipped.
 */
export async function loadInstalledFirstPartyPlugins(packages: readonly string[] = firstPartyPluginPackages): Promise<LoadedPlugin[]> {
  // Imported side by side: a plugin that compiles WebAssembly or reads files at
  // import lets the others load meanwhile. The result keeps the list's order.
  const perPackage = await Promise.all(packages.map((packageName) => loadIfInstalled(packageName)));
  return perPackage.flat();
}

async function loadIfInstalled(packageName: string): Promise<LoadedPlugin[]> {
  try {
    return await loadPlugins([packageName], { searchDirectories: [cliPackageDirectory], conditions: pluginResolutionConditions });
  } catch (error) {
    if (ConfigError.isInstance(error) && error.code === 'plugin_not_found') return [];
    throw error;
  }
}
