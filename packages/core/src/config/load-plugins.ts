import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadedPlugin } from '../engine/manager-types.js';
import { ConfigError } from '@runtime-env/plugin-api';
import type { AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';
import { checkPluginShape } from '@runtime-env/plugin-api';
import { pluginPackageOf } from './plugin-package.js';
import type { PluginEntry } from './config-schema.js';
import { issuesFromZodError } from '../document/zod-issues.js';
import { loadedFileOf, type LoadedFile } from '../fast-path/loaded-file.js';

export interface LoadPluginsOptions {
  /** Folders to resolve entries from, in order (the config file's folder, then the cwd). */
  searchDirectories: readonly string[];
  /** Export conditions for package resolution; default `node`, `import`. */
  conditions?: readonly string[];
}

/**
 * Resolves, imports and checks each entry: `"package"`, `["package", {options}]`
 * or a path. A module's default export may be one plugin or an array of them (a
 * package that owns several fields, like working_dir and py_modules). Each plugin
 * gets the identity of the package it came from, and that package's `"./launch"`
 * export when it has one.
 */
export async function loadPlugins(entries: readonly PluginEntry[], options: LoadPluginsOptions): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  if (entries.length === 0) return loaded;
  // Loaded here, not at the top: a process that passes plugins inline (or none) never pays for it.
  const { moduleResolve } = await import('import-meta-resolve');
  for (const entry of entries) {
    const [specifier, rawOptions] = typeof entry === 'string' ? [entry, undefined] : entry;
    const moduleUrl = resolveEntry(specifier, options, moduleResolve);
    // Read before the import: a file that changes in between is then recorded as
    // other than it is now, never as the content the engine did not run.
    const entryFile = fileReadFrom(moduleUrl);
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(moduleUrl)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError('plugin_import_failed', `plugin ${specifier}`, `could not be imported: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const exported = namespace.default ?? namespace.plugin;
    const plugins = Array.isArray(exported) ? exported : [exported];
    if (plugins.length === 0) throw new ConfigError('invalid_plugin', `plugin ${specifier}`, 'exports an empty list of plugins');
    const { identity, launchModule, manifestPath } = pluginPackageOf(moduleUrl, specifier, moduleResolve, conditionsOf(options));
    // What the fast path re-checks: the entry, the package.json the identity came from, the launch module.
    const manifestFile = fileReadFrom(pathToFileURL(manifestPath).href);
    const launchModuleFile = launchModule === undefined ? undefined : fileReadFrom(launchModule);
    const loadedFrom = entryFile &&
      manifestFile && { entry: entryFile, manifest: manifestFile, ...(launchModuleFile ? { launchModule: launchModuleFile } : {}) };
    for (const candidate of plugins) {
      const plugin = checkPluginShape(candidate, `plugin ${specifier} (package ${identity.name}, file ${fileURLToPath(moduleUrl)})`);
      loaded.push({
        plugin,
        options: parsePluginOptions(plugin, rawOptions, specifier),
        source: specifier,
        identity,
        ...(launchModule ? { launchModule } : {}),
        ...(loadedFrom ? { loadedFrom } : {}),
      });
    }
  }
  checkUniqueFields(loaded);
  return loaded;
}

/** The file behind a `file:` URL with its digest; undefined for another scheme or a file that cannot be read (the import then says why). */
function fileReadFrom(url: string): LoadedFile | undefined {
  if (!url.startsWith('file:')) return undefined;
  try {
    return loadedFileOf(fileURLToPath(url));
  } catch {
    return undefined;
  }
}

type ModuleResolve = typeof import('import-meta-resolve')['moduleResolve'];

function conditionsOf(options: LoadPluginsOptions): Set<string> {
  return new Set(options.conditions ?? ['node', 'import']);
}

function resolveEntry(specifier: string, options: LoadPluginsOptions, moduleResolve: ModuleResolve): string {
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.startsWith('file:');
  const conditions = conditionsOf(options);
  const tried: string[] = [];
  for (const directory of options.searchDirectories) {
    try {
      // Symlinks kept (Node's import follows them all the same): the file recorded for
      // the fast path is then the one looked up, so removing a linked package is seen.
      if (isPath) {
        const url = specifier.startsWith('file:') ? new URL(specifier) : pathToFileURL(path.resolve(directory, specifier));
        return moduleResolve(url.href, pathToFileURL(path.join(directory, 'rtenv.config.json')), undefined, true).href;
      }
      return moduleResolve(specifier, pathToFileURL(path.join(directory, 'rtenv.config.json')), conditions, true).href;
    } catch {
      tried.push(directory);
    }
  }
  throw new ConfigError('plugin_not_found', `plugin ${specifier}`, `cannot be found from ${tried.join(' or ')}`, {
    hint: isPath ? 'check the path; relative paths are relative to the config file' : `install it (pnpm add ${specifier}) or fix the name`,
  });
}

/** A plugin's options from the config, checked against the plugin's own schema. */
export function parsePluginOptions(plugin: AnyRuntimeEnvPlugin, rawOptions: Record<string, unknown> | undefined, source: string): unknown {
  if (!plugin.options) {
    if (rawOptions !== undefined && Object.keys(rawOptions).length > 0) {
      throw new ConfigError('invalid_plugin_options', `plugin ${source}`, `"${plugin.name}" takes no options, but some were given`);
    }
    return undefined;
  }
  const parsed = plugin.options.safeParse(rawOptions ?? {});
  if (parsed.success) return parsed.data;
  const problems = issuesFromZodError(parsed.error, 'options', plugin.name).map((issue) => `${issue.path}: ${issue.message}`);
  throw new ConfigError('invalid_plugin_options', `plugin ${source}`, `options of "${plugin.name}" are invalid: ${problems.join('; ')}`);
}

function checkUniqueFields(loaded: readonly LoadedPlugin[]): void {
  const owners = new Map<string, LoadedPlugin>();
  for (const entry of loaded) {
    for (const field of [entry.plugin.name, ...Object.keys(entry.plugin.companionFields ?? {})]) {
      const previous = owners.get(field);
      if (previous) {
        throw new ConfigError(
          'duplicate_plugin',
          `plugin ${entry.source}`,
          `field "${field}" is already owned by plugin "${previous.plugin.name}" from ${previous.source}`,
          {
            hint: 'load only one plugin for each field',
          },
        );
      }
      owners.set(field, entry);
    }
  }
}
