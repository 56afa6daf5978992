import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Budgets, LoadedPlugin, ManagerOptions } from '../engine/manager-types.js';
import { ConfigError } from '@runtime-env/plugin-api';
import { issuesFromZodError } from '../document/zod-issues.js';
import { configFileSchema, type ConfigFile } from './config-schema.js';
import { resolveDataDirectory } from './data-directory.js';
import { loadPlugins } from './load-plugins.js';
import { applyPluginOptions } from './plugin-options-overlay.js';

export const CONFIG_FILE_NAME = 'rtenv.config.json';

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
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const configPath = findConfigFile(options.configPath ?? env.RTENV_CONFIG, cwd);
  const file = configPath ? await readConfigFile(configPath) : {};
  const configDirectory = configPath ? path.dirname(configPath) : cwd;
  const searchDirectories = [...new Set([configDirectory, cwd, ...(options.fallbackSearchDirectories ?? [])])];
  const loaded = file.plugins
    ? await loadPlugins(file.plugins, { searchDirectories, ...(options.conditions ? { conditions: options.conditions } : {}) })
    : ((await options.defaultPlugins?.()) ?? []);
  const plugins = applyPluginOptions(loaded, file.pluginOptions, file.plugins, configPath ?? '(no config file)', options.pluginOptionDefaults);
  const budgets: Budgets = {};
  if (file.budgets?.totalBytes !== undefined) budgets.totalBytes = file.budgets.totalBytes;
  if (file.budgets?.perPlugin !== undefined) budgets.perPluginBytes = file.budgets.perPlugin;
  return {
    configPath,
    dataDirectory: resolveDataDirectory({ flag: options.dataDirectoryFlag, env, configValue: file.dataDir, configDirectory, cwd }),
    budgets,
    maxConcurrentCreations: file.maxConcurrentCreations,
    failureTtlSeconds: file.failureTtlSeconds,
    plugins,
    agent: file.agent ?? {},
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

function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const resolved = path.resolve(cwd, explicit);
    if (!existsSync(resolved)) throw new ConfigError('config_not_found', resolved, 'the config file does not exist');
    return resolved;
  }
  const implicit = path.join(cwd, CONFIG_FILE_NAME);
  return existsSync(implicit) ? implicit : undefined;
}

async function readConfigFile(configPath: string): Promise<ConfigFile> {
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (error) {
    throw new ConfigError('invalid_config', configPath, `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = configFileSchema.safeParse(parsedJson);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.length > 0 ? issuesFromZodError(parsed.error, '', undefined).map((issue) => `  - ${issue.path.replace(/^\./, '') || '(file)'}: ${issue.message}`) : [];
  throw new ConfigError('invalid_config', configPath, `does not match the config schema:\n${problems.join('\n')}`, {
    hint: 'see config.schema.json in @runtime-env/core (`rtenv config-schema`)',
  });
}
