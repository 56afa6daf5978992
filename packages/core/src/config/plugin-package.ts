import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, type PluginIdentity } from '@runtime-env/plugin-api';

type ModuleResolve = typeof import('import-meta-resolve')['moduleResolve'];

export interface PluginPackage {
  identity: PluginIdentity;
  /** The package.json the identity was read from. */
  manifestPath: string;
  /** The `file:` URL of the package's `"./launch"` export; undefined when it exports none. */
  launchModule?: string;
}

/**
 * The package a plugin module belongs to: the nearest package.json above it that
 * has a name (a `dist/package.json` holding only `"type"` is passed over). Its
 * name and version are the plugin's identity, so a release bump changes every
 * URI; `source` names the config entry in errors.
 */
export function pluginPackageOf(moduleUrl: string, source: string, moduleResolve: ModuleResolve, conditions: ReadonlySet<string>): PluginPackage {
  const file = fileURLToPath(moduleUrl);
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    const manifestPath = path.join(folder, 'package.json');
    const manifest = readManifest(manifestPath);
    if (manifest && typeof manifest.name === 'string') {
      const where = `plugin ${source} (package ${manifest.name}, file ${file})`;
      if (typeof manifest.version !== 'string' || manifest.version.length === 0) {
        throw new ConfigError('invalid_plugin', where, `${manifestPath} has no "version"; the core puts it in every URI the plugin makes`, {
          hint: 'add a "version" to the package.json',
        });
      }
      const identity = { name: manifest.name, version: manifest.version };
      const launchModule = launchExportOf(identity.name, manifestPath, moduleResolve, conditions, where);
      return { identity, manifestPath, ...(launchModule ? { launchModule } : {}) };
    }
    if (path.dirname(folder) === folder) break;
  }
  throw new ConfigError('invalid_plugin', `plugin ${source} (file ${file})`, 'is in no package: no package.json with a "name" above it', {
    hint: 'put the plugin in a package (a package.json with "name" and "version"): the core takes the plugin\'s identity from it',
  });
}

function readManifest(manifestPath: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: unknown; version?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError('invalid_plugin', manifestPath, `cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/** `<package>/launch`, resolved from inside the package as Node would; absent export: undefined. */
function launchExportOf(name: string, manifestPath: string, moduleResolve: ModuleResolve, conditions: ReadonlySet<string>, where: string): string | undefined {
  let url: URL;
  try {
    url = moduleResolve(`${name}/launch`, pathToFileURL(manifestPath), new Set(conditions));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No "./launch" in its exports, or no "exports" at all (self-reference needs them).
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw new ConfigError('invalid_plugin', where, `its "./launch" export cannot be resolved: ${(error as Error).message}`, { cause: error });
  }
  try {
    readFileSync(url);
  } catch {
    throw new ConfigError('invalid_plugin', where, `its "./launch" export names ${fileURLToPath(url)}, which cannot be read`, {
      hint: 'build the package, or fix its "exports"',
    });
  }
  return url.href;
}
