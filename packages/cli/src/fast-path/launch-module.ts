import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocumentMemoLaunchModule } from '@runtime-env/core/cached-run';

/** A plugin's launch module, imported after checking it is the file the engine recorded, with the options it recorded. */
export interface ImportedLaunchModule {
  exports: { launch?: unknown; hash?: unknown };
  /** The plugin options the engine parsed, back from JSON (undefined when the plugin got none). */
  options: unknown;
}

export type LaunchModuleImporter = (module: DocumentMemoLaunchModule) => Promise<ImportedLaunchModule | undefined>;

/**
 * An importer for one run: a run that re-checks a tag and then launches through
 * the same module reads and digests it once. Each import gives undefined when the
 * module file is gone or is not the one the engine digested (a rebuilt or replaced
 * plugin is not trusted with the recorded options): the caller then takes another
 * way (the plugin itself, or the engine).
 */
export function launchModuleImporter(): LaunchModuleImporter {
  const imported = new Map<string, Promise<ImportedLaunchModule | undefined>>();
  return (module) => {
    const key = `${module.sha256} ${module.url} ${module.optionsJson ?? ''}`;
    let pending = imported.get(key);
    if (!pending) {
      pending = importVerified(module);
      imported.set(key, pending);
    }
    return pending;
  };
}

async function importVerified(module: DocumentMemoLaunchModule): Promise<ImportedLaunchModule | undefined> {
  let options: unknown;
  try {
    if (createHash('sha256').update(readFileSync(fileURLToPath(module.url))).digest('hex') !== module.sha256) return undefined;
    options = module.optionsJson === undefined ? undefined : (JSON.parse(module.optionsJson) as unknown);
  } catch {
    return undefined;
  }
  return { exports: (await import(module.url)) as ImportedLaunchModule['exports'], options };
}
