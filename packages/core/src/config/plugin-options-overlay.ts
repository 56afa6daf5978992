import type { LoadedPlugin } from '../engine/manager-types.js';
import { suggestField } from '../document/suggest-field.js';
import { ConfigError } from '@runtime-env/plugin-api';
import type { PluginEntry } from './config-schema.js';
import { parsePluginOptions } from './load-plugins.js';

type OptionsByKey = Record<string, Record<string, unknown>>;

/**
 * Applies `pluginOptions` to the plugins that were loaded, whether the config
 * listed them or they are the defaults: each key names a field a plugin owns
 * (`pip`, `image_uri`) or the package it came from, and its options go over
 * those written in the `plugins` list, then through the plugin's own schema. A
 * key that matches no loaded plugin is an error: a typo must not be ignored.
 *
 * `processDefaults`, keyed the same way, go under both: what the process loading
 * the config asks of a plugin unless the config says otherwise (the agent, a
 * long-lived process, may let a plugin keep work ready between launches). A key of theirs
 * that matches no loaded plugin is skipped: that plugin is simply not installed.
 */
export function applyPluginOptions(
  loaded: readonly LoadedPlugin[],
  pluginOptions: OptionsByKey | undefined,
  listed: readonly PluginEntry[] | undefined,
  configPath: string,
  processDefaults: OptionsByKey = {},
): LoadedPlugin[] {
  const overlay = pluginOptions ?? {};
  if (Object.keys(overlay).length === 0 && Object.keys(processDefaults).length === 0) return [...loaded];
  const unused = new Set(Object.keys(overlay));
  const result = loaded.map((entry) => {
    const names = [entry.source, entry.plugin.name, ...Object.keys(entry.plugin.companionFields ?? {})];
    const keys = names.filter((key) => key in overlay);
    const defaultKeys = names.filter((key) => key in processDefaults);
    if (keys.length === 0 && defaultKeys.length === 0) return entry;
    for (const key of keys) unused.delete(key);
    const written = listed?.find((listedEntry) => typeof listedEntry !== 'string' && listedEntry[0] === entry.source);
    const merged = Object.assign(
      {},
      ...defaultKeys.map((key) => processDefaults[key]),
      typeof written === 'object' ? written[1] : {},
      ...keys.map((key) => overlay[key]),
    );
    return {
      ...entry,
      options: parsePluginOptions(entry.plugin, merged, `${entry.source} (${keys.length > 0 ? 'pluginOptions' : 'defaults of this process'})`),
    };
  });
  if (unused.size > 0) {
    const known = loaded.flatMap((entry) => [entry.plugin.name, entry.source]);
    const [first] = unused;
    const closest = suggestField(first!, known);
    throw new ConfigError(
      'unknown_plugin_options',
      configPath,
      `pluginOptions names ${[...unused].map((key) => `"${key}"`).join(', ')}, which no loaded plugin owns`,
      {
        hint: closest
          ? `did you mean "${closest}"? Keys are fields (${loaded.map((entry) => entry.plugin.name).join(', ')}) or package names`
          : `keys are fields (${loaded.map((entry) => entry.plugin.name).join(', ')}) or package names`,
      },
    );
  }
  return result;
}
