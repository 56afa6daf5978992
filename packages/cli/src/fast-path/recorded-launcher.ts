import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentPluginLogger, type CachedLauncher, type LaunchHook, type LaunchIo, type LaunchResult, type PluginHookContext } from '@runtime-env/core/cached-run';
import type { LaunchContext } from '@runtime-env/core/cached-run';
import type { ConfigLocation } from './config-location.js';
import { configEntryConditions } from './document-memo-namespace.js';
import type { LaunchModuleImporter } from './launch-module.js';
import { fingerprintOfEntry } from './plugin-fingerprint.js';
import { cliPackageDirectory, pluginResolutionConditions } from '../config/plugin-resolution.js';

/** The contract version this CLI's fast path calls `launch` under (the core's `PLUGIN_API_VERSION`, without loading its main entry). */
const PLUGIN_API_VERSION = 2;

/** The one plugin a recorded environment launches through, imported alone and ready to call. */
export interface RecordedLauncher {
  /** What was imported, for RTENV_DEBUG: the plugin's launch module or its entry. */
  imported: string;
  launch(context: LaunchContext, command: readonly string[], io: LaunchIo, signal: AbortSignal): Promise<LaunchResult>;
}

interface LauncherPlugin {
  apiVersion: unknown;
  name: unknown;
  options?: { safeParse(value: unknown): { success: boolean; data?: unknown } };
  launch?: LaunchHook;
}

/**
 * Imports only the package (or file) the engine loaded the launcher from, found
 * as the engine found it, and checks it is the plugin recorded: same name, a
 * `launch` hook, options its schema accepts (its package version is part of the
 * namespace the memo was looked up in). Returns why not otherwise,
 * so the caller takes the engine's path, which explains any real problem.
 */
export async function loadRecordedLauncher(launcher: CachedLauncher, location: ConfigLocation, cwd: string, importLaunchModule: LaunchModuleImporter): Promise<RecordedLauncher | string> {
  const light = await loadLaunchModule(launcher, location, importLaunchModule);
  if (light) return light;
  const entries = Array.isArray(location.plugins) ? (location.plugins as unknown[]) : undefined;
  // As the engine: a config's entries resolve from its folder then the cwd; the default plugins from the CLI's own folder.
  const file = entries
    ? entryFileOf(launcher.source, [...new Set([location.configDirectory, cwd])], configEntryConditions)
    : entryFileOf(launcher.source, [cliPackageDirectory], pluginResolutionConditions);
  if (!file) return `plugin entry "${launcher.source}" does not resolve`;
  const exported = (await import(pathToFileURL(file).href)) as { default?: unknown; plugin?: unknown };
  const candidates = [exported.default ?? exported.plugin].flat() as LauncherPlugin[];
  const plugin = candidates.find((candidate) => typeof candidate === 'object' && candidate !== null && candidate.name === launcher.plugin);
  if (!plugin || plugin.apiVersion !== PLUGIN_API_VERSION || typeof plugin.launch !== 'function') return `"${launcher.source}" exports no launcher plugin "${launcher.plugin}"`;
  const options = parsedOptions(plugin, entries ? rawOptionsOf(entries, launcher.source) : undefined);
  if (!options.ok) return `the options of plugin "${launcher.plugin}" need the engine's check`;
  const launch = plugin.launch.bind(plugin);
  return {
    imported: `${launcher.source} (the plugin)`,
    launch: (context, command, io, signal) => launch({ context, command, io }, hookContextOf(launcher, location, options.value, signal)),
  };
}

/** The file a config entry resolves to, as the namespace fingerprinted it. */
function entryFileOf(specifier: string, searchDirectories: readonly string[], conditions: readonly string[]): string | undefined {
  const fingerprint = fingerprintOfEntry(specifier, searchDirectories, conditions);
  if (typeof fingerprint.file === 'string') return fingerprint.file;
  if (typeof fingerprint.packageJson !== 'string' || typeof fingerprint.entryFile !== 'string') return undefined;
  return path.resolve(path.dirname(fingerprint.packageJson), fingerprint.entryFile);
}

/** The options written next to the entry (`["package", {options}]`), as the core reads them. */
function rawOptionsOf(entries: readonly unknown[], source: string): unknown {
  const entry = entries.find((candidate) => candidate === source || (Array.isArray(candidate) && candidate[0] === source));
  return Array.isArray(entry) ? entry[1] : undefined;
}

function parsedOptions(plugin: LauncherPlugin, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (!plugin.options) {
    const empty = raw === undefined || (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0);
    return empty ? { ok: true, value: undefined } : { ok: false };
  }
  const parsed = plugin.options.safeParse(raw ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/**
 * The plugin package's `"./launch"` module alone, when the engine recorded one: the module
 * file must still be the one it digested and export `launch`. Undefined
 * otherwise, and the caller imports the plugin as before.
 */
async function loadLaunchModule(launcher: CachedLauncher, location: ConfigLocation, importLaunchModule: LaunchModuleImporter): Promise<RecordedLauncher | undefined> {
  const { module } = launcher;
  const imported = module && (await importLaunchModule(module));
  if (!module || !imported || typeof imported.exports.launch !== 'function') return undefined;
  const launch = imported.exports.launch as LaunchHook;
  const { options } = imported;
  return {
    imported: `${module.url} (its launch module)`,
    launch: (context, command, io, signal) => launch({ context, command, io }, hookContextOf(launcher, location, options, signal)),
  };
}

/** The minimal hook context a launch gets outside the engine, as the engine would give it. */
function hookContextOf(launcher: CachedLauncher, location: ConfigLocation, options: unknown, signal: AbortSignal): PluginHookContext<unknown> {
  return { pluginDirectory: launcher.pluginDirectory, dataDirectory: location.dataDirectory, logger: silentPluginLogger, options, signal };
}
