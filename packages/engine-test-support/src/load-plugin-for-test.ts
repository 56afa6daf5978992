import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type AnyRuntimeEnvPlugin, type LoadedPlugin, type PluginIdentity } from '@runtime-env/core';

/** A plugin with the raw options a config file would give it, and the package identity to register it under. */
export interface PluginWithOptions {
  plugin: AnyRuntimeEnvPlugin;
  options?: unknown;
  /** Default: the package whose folder the test runs in (its package.json), as the loader would read it. */
  identity?: PluginIdentity;
}

export type PluginEntry = AnyRuntimeEnvPlugin | PluginWithOptions;

export function isPluginWithOptions(entry: PluginEntry): entry is PluginWithOptions {
  return 'plugin' in entry && typeof entry.plugin === 'object' && entry.plugin !== null;
}

let workingPackage: PluginIdentity | undefined;

/** The nearest package.json with a name above the working directory: a plugin's tests run in its package. */
function identityOfWorkingPackage(): PluginIdentity {
  if (workingPackage) return workingPackage;
  for (let folder = process.cwd(); ; folder = path.dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof manifest.name === 'string')
        return (workingPackage = { name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0' });
    } catch {
      // No package.json here: look further up.
    }
    if (path.dirname(folder) === folder) return (workingPackage = { name: 'engine-test-support', version: '0.0.0' });
  }
}

/**
 * Parses raw options with the plugin's `options` schema, as the config loader does,
 * and registers the plugin under `identity` (the loader reads it from package.json).
 * Absent options are parsed as `{}` so schemas with defaults fill them in.
 */
export function loadPluginForTest(plugin: AnyRuntimeEnvPlugin, rawOptions?: unknown, identity: PluginIdentity = identityOfWorkingPackage()): LoadedPlugin {
  if (!plugin.options) return { plugin, options: undefined, source: 'inline', identity };
  const parsed = plugin.options.safeParse(rawOptions ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new ConfigError('invalid_plugin_options', `plugin "${plugin.name}"`, `its options are invalid: ${problems}`, {
      hint: 'fix the options passed to the test helper (they mirror the plugin entry in rtenv.config.json)',
    });
  }
  return { plugin, options: parsed.data, source: 'inline', identity };
}

/** Loads each entry; `optionsByPlugin` supplies raw options for plain plugins, by plugin name. */
export function loadPluginEntries(entries: readonly PluginEntry[], optionsByPlugin: Readonly<Record<string, unknown>> = {}): LoadedPlugin[] {
  return entries.map((entry) =>
    isPluginWithOptions(entry)
      ? loadPluginForTest(entry.plugin, entry.options ?? optionsByPlugin[entry.plugin.name], entry.identity)
      : loadPluginForTest(entry, optionsByPlugin[entry.name]),
  );
}
