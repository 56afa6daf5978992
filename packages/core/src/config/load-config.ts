import type { Budgets, LoadedPlugin, ManagerOptions } from '../engine/manager-types.js';
import { ConfigError } from '@runtime-env/plugin-api';
import { issuesFromZodError } from '../document/zod-issues.js';
import { configFileSchema, type ConfigFile, type PluginEntry } from './config-schema.js';
import { locateConfig } from './config-location.js';
import { loadedFileOf, uniqueLoadedFiles, type LoadedFile } from '../fast-path/loaded-file.js';
import { loadPlugins } from './load-plugins.js';
import { applyPluginOptions } from './plugin-options-overlay.js';

export interface LoadConfigOptions {
  /** `--config`; else `RTENV_CONFIG`; else `rtenv.config.json` in the cwd when present. */
  configPath?: string | undefined;
  /** `--data-dir`. */
  dataDirectoryFlag?: string | undefined;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The plugins to use when the config names none (the CLI passes the installed first-party ones). */
  defaultPlugins?: () => Promise<LoadedPlugin[]>;
  /** Export conditions used to resolve plugin packages. */
  conditions?: readonly string[];
  /**
   * Where package names are looked for after the config's folder and the cwd: the
   * CLI passes its own installation, so a globally installed `rtenv` finds its
   * first-party plugins from a config anywhere.
   */
  fallbackSearchDirectories?: readonly string[];
  /**
   * Plugin options this process sets unless the config sets them, keyed as
   * `pluginOptions` is (field or package); keys of plugins that are not loaded are
   * skipped. A long-lived process (the agent) uses it for options that only
   * make sense in such a process.
   */
  pluginOptionDefaults?: Record<string, Record<string, unknown>>;
  /**
   * Load only the config's plugin entries naming one of these packages: a command
   * that needs one plugin's options (`rtenv pack`) skips importing the others.
   * `pluginOptions` keys of plugins left out are then not checked. A config that
   * lists none of them loads its whole list, as without this option.
   */
  onlyPlugins?: readonly string[];
}

export interface LoadedConfig {
  /** The file read, if any. */
  configPath: string | undefined;
  dataDirectory: string;
  budgets: Budgets;
  maxConcurrentCreations: number | undefined;
  failureTtlSeconds: number | undefined;
  plugins: LoadedPlugin[];
  /** The `agent` section, checked by the agent itself. */
  agent: Record<string, unknown>;
  /**
   * Every file read to get here, with its digest: the config file and each
   * plugin's entry and launch module. The fast path re-checks exactly these.
   */
  loadedFiles: LoadedFile[];
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const location = locateConfig({
    configPath: options.configPath,
    dataDirectoryFlag: options.dataDirectoryFlag,
    cwd,
    ...(options.env ? { env: options.env } : {}),
  });
  const { configPath, configDirectory } = location;
  const file = configPath ? checkConfigFile(configPath, location.json) : {};
  const searchDirectories = [...new Set([configDirectory, cwd, ...(options.fallbackSearchDirectories ?? [])])];
  const listed = file.plugins && entriesNamed(file.plugins, options.onlyPlugins);
  const loaded = listed
    ? await loadPlugins(listed, { searchDirectories, ...(options.conditions ? { conditions: options.conditions } : {}) })
    : ((await options.defaultPlugins?.()) ?? []);
  const overlay = options.onlyPlugins ? optionsOfLoaded(file.pluginOptions, loaded) : file.pluginOptions;
  const plugins = applyPluginOptions(loaded, overlay, listed, configPath ?? '(no config file)', options.pluginOptionDefaults);
  const budgets: Budgets = {};
  if (file.budgets?.totalBytes !== undefined) budgets.totalBytes = file.budgets.totalBytes;
  if (file.budgets?.perPlugin !== undefined) budgets.perPluginBytes = file.budgets.perPlugin;
  const configFile = configPath && location.bytes ? loadedFileOf(configPath, location.bytes) : undefined;
  return {
    configPath,
    dataDirectory: location.dataDirectory,
    budgets,
    maxConcurrentCreations: file.maxConcurrentCreations,
    failureTtlSeconds: file.failureTtlSeconds,
    plugins,
    agent: file.agent ?? {},
    loadedFiles: uniqueLoadedFiles([
      configFile,
      ...plugins.flatMap((entry) => [entry.loadedFrom?.entry, entry.loadedFrom?.manifest, entry.loadedFrom?.launchModule]),
    ]),
  };
}

/** The options to open a manager with this config. */
export function managerOptionsOf(config: LoadedConfig): ManagerOptions {
  return {
    dataDirectory: config.dataDirectory,
    plugins: config.plugins,
    budgets: config.budgets,
    ...(config.maxConcurrentCreations !== undefined ? { maxConcurrentCreations: config.maxConcurrentCreations } : {}),
    ...(config.failureTtlSeconds !== undefined ? { failureTtlSeconds: config.failureTtlSeconds } : {}),
  };
}

/** The entries naming one of `packages` (all of them without a filter, or when none does). */
function entriesNamed(entries: readonly PluginEntry[], packages: readonly string[] | undefined): readonly PluginEntry[] {
  if (!packages) return entries;
  const named = entries.filter((entry) => packages.includes(typeof entry === 'string' ? entry : entry[0]));
  return named.length > 0 ? named : entries;
}

/** The `pluginOptions` keys that name a loaded plugin (its field, a companion field, or its entry). */
function optionsOfLoaded(pluginOptions: ConfigFile['pluginOptions'], loaded: readonly LoadedPlugin[]): ConfigFile['pluginOptions'] {
  if (!pluginOptions) return pluginOptions;
  const owned = new Set(loaded.flatMap((entry) => [entry.source, entry.plugin.name, ...Object.keys(entry.plugin.companionFields ?? {})]));
  return Object.fromEntries(Object.entries(pluginOptions).filter(([key]) => owned.has(key)));
}

function checkConfigFile(configPath: string, json: unknown): ConfigFile {
  const parsed = configFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems =
    parsed.error.issues.length > 0
      ? issuesFromZodError(parsed.error, '', undefined).map((issue) => `  - ${issue.path.replace(/^\./, '') || '(file)'}: ${issue.message}`)
      : [];
  throw new ConfigError('invalid_config', configPath, `does not match the config schema:\n${problems.join('\n')}`, {
    hint: 'see config.schema.json in @runtime-env/core (`rtenv config-schema`)',
  });
}
