import { fileURLToPath } from 'node:url';
import { ConfigError, loadPlugins, type LoadedPlugin } from '@runtime-env/core';

/**
 * The plugin packages the CLI knows by name (the core knows none). Without a config
 * file, those installed next to the CLI are loaded, in this order.
 */
export const firstPartyPluginPackages = [
  '@runtime-env/plugin-env-vars',
  '@runtime-env/plugin-working-dir',
  '@runtime-env/plugin-pip',
  '@runtime-env/plugin-conda',
  '@runtime-env/plugin-container',
] as const;

// Run from TypeScript sources (tests, `node --conditions=source`), resolve the
// workspace's sources too; a built CLI resolves built packages.
const runningFromSources = import.meta.url.endsWith('.ts');
const conditions = runningFromSources ? ['source', 'node', 'import'] : ['node', 'import'];
const cliPackageDirectory = fileURLToPath(new URL('..', runningFromSources ? new URL('..', import.meta.url) : import.meta.url));

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
    return await loadPlugins([packageName], { searchDirectories: [cliPackageDirectory], conditions });
  } catch (error) {
    if (ConfigError.isInstance(error) && error.code === 'plugin_not_found') return [];
    throw error;
  }
}
