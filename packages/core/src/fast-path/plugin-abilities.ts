import type { AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';

// The three places the fast path reads a plugin's optional abilities. Contract
// v1 spells them as plugin fields; a move to another spelling changes only these.

/** The plugin's light launch module (`file:` URL), if it has one. */
export function launchModuleUrlOf(plugin: AnyRuntimeEnvPlugin): string | undefined {
  return plugin.launchModule;
}

/** Whether the launch module can also compute the plugin's URIs (to re-check a field whose hash is not pure). */
export function launchModuleHashes(plugin: AnyRuntimeEnvPlugin): boolean {
  return plugin.launchModuleHashes === true;
}

/** Whether the field's URIs depend on its spec (and the plugin's version) alone. */
export function hashIsPure(plugin: AnyRuntimeEnvPlugin, spec: unknown): boolean {
  return plugin.isHashPure?.(spec as never) === true;
}
