import type { LaunchModuleHash, LaunchHook } from '@runtime-env/core/fast-path';

/** A plugin's launch module with the options the engine recorded for it. */
export interface ImportedLaunchModule {
  launch: LaunchHook | undefined;
  hash: LaunchModuleHash | undefined;
  /** The plugin options the engine parsed, back from JSON (undefined when the plugin got none). */
  options: unknown;
}

export type LaunchModuleImporter = (module: { launchModuleUrl: string; optionsJson?: string }) => Promise<ImportedLaunchModule>;

/**
 * An importer for one run: a run that re-checks a tag and then launches through
 * the same module imports it once. The module's file is one of the loaded files
 * the record held for, so it is the one the engine read.
 */
export function launchModuleImporter(): LaunchModuleImporter {
  const imported = new Map<string, Promise<ImportedLaunchModule>>();
  return (module) => {
    const key = `${module.launchModuleUrl} ${module.optionsJson ?? ''}`;
    let pending = imported.get(key);
    if (!pending) {
      pending = importModule(module.launchModuleUrl, module.optionsJson);
      imported.set(key, pending);
    }
    return pending;
  };
}

async function importModule(url: string, optionsJson: string | undefined): Promise<ImportedLaunchModule> {
  const options = optionsJson === undefined ? undefined : (JSON.parse(optionsJson) as unknown);
  const exports = (await import(url)) as { launch?: unknown; hash?: unknown };
  return {
    launch: typeof exports.launch === 'function' ? (exports.launch as LaunchHook) : undefined,
    hash: typeof exports.hash === 'function' ? (exports.hash as LaunchModuleHash) : undefined,
    options,
  };
}
