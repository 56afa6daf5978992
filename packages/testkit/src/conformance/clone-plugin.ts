import type { AnyRuntimeEnvPlugin } from '@runtime-env/core';

/**
 * The plugin with some properties replaced. The copy inherits from the original,
 * so hooks called on it see the overrides through `this` (a hook that reads
 * `this.version` sees the new version) and everything else unchanged, class
 * instances included.
 */
export function clonePlugin(plugin: AnyRuntimeEnvPlugin, overrides: Partial<Record<keyof AnyRuntimeEnvPlugin, unknown>>): AnyRuntimeEnvPlugin {
  const descriptors: PropertyDescriptorMap = {};
  for (const [name, value] of Object.entries(overrides)) descriptors[name] = { value, enumerable: true, writable: true, configurable: true };
  return Object.create(plugin, descriptors) as AnyRuntimeEnvPlugin;
}
