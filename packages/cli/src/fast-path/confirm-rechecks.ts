import { isDeepStrictEqual } from 'node:util';
import { pluginUri, silentPluginLogger, type FastPathRecheckRequest } from '@runtime-env/core/fast-path';
import type { LaunchModuleImporter } from './launch-module.js';

/**
 * Asks each re-checked field's launch module for its keys again (an image tag:
 * one inspection of the image it names now). Undefined when every field gives
 * the recorded URIs, so the recorded environment is the one the engine would
 * choose; otherwise why not, and the caller takes the engine's path, which
 * resolves the field anew and records the document again.
 */
export async function confirmRechecks(
  rechecks: readonly FastPathRecheckRequest[],
  dataDirectory: string,
  signal: AbortSignal,
  importLaunchModule: LaunchModuleImporter,
): Promise<string | undefined> {
  for (const recheck of rechecks) {
    const { hash, options } = await importLaunchModule(recheck);
    if (!hash) return `${recheck.field}: its launch module cannot hash`;
    let uris: string[] | undefined;
    try {
      const result = await hash(recheck.spec, {
        field: recheck.field,
        pluginDirectory: recheck.pluginDirectory,
        dataDirectory,
        logger: silentPluginLogger,
        options,
        signal,
      });
      // The URIs as the core composes them: the same keys under the recorded package identity.
      uris = result?.keys.map((key) => pluginUri(recheck.field, recheck.identity, key));
    } catch (error) {
      return `${recheck.field}: its launch module could not re-check it (${error instanceof Error ? error.message : String(error)})`;
    }
    if (uris === undefined) return `${recheck.field}: its launch module cannot tell without the plugin`;
    if (!isDeepStrictEqual(uris, recheck.uris)) return `${recheck.field} now names another environment`;
  }
  return undefined;
}
