import { ConfigError, type AnyRuntimeEnvPlugin, type LoadedPlugin } from '@runtime-env/core';

/** A plugin with the raw options a config file would give it. */
export interface PluginWithOptions {
  plugin: AnyRuntimeEnvPlugin;
  options?: unknown;
}

export type PluginEntry = AnyRuntimeEnvPlugin | PluginWithOptions;

export function isPluginWithOptions(entry: PluginEntry): entry is PluginWithOptions {
  return 'plugin' in entry && typeof entry.plugin === 'object' && entry.plugin !== null;
}

/**
 * Parses raw options with the plugin's `options` schema, as the config loader does.
 * Absent options are parsed as `{}` so schemas with defaults fill them in.
 */
export function loadPluginForTest(plugin: AnyRuntimeEnvPlugin, rawOptions?: unknown): LoadedPlugin {
  if (!plugin.options) return { plugin, options: undefined, source: 'inline' };
  const parsed = plugin.options.safeParse(rawOptions ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new ConfigError('invalid_plugin_options', `plugin "${plugin.name}"`, `its options are invalid: ${problems}`, {
      hint: 'fix the options passed to the test helper (they mirror the plugin entry in rtenv.config.json)',
    });
  }
  return { plugin, options: parsed.data, source: 'inline' };
}

/** Loads each entry; `optionsByPlugin` supplies raw options for plain plugins, by plugin name. */
export function loadPluginEntries(entries: readonly PluginEntry[], optionsByPlugin: Readonly<Record<string, unknown>> = {}): LoadedPlugin[] {
  return entries.map((entry) =>
    isPluginWithOptions(entry)
      ? loadPluginForTest(entry.plugin, entry.options ?? optionsByPlugin[entry.plugin.name])
      : loadPluginForTest(entry, optionsByPlugin[entry.name]),
  );
}
