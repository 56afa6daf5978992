import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { LaunchContext } from '@runtime-env/plugin-api';
import type { LoadedPlugin, ResolvedEnvironment } from '../engine/manager-types.js';
import type { EnvironmentStore } from '../engine/store/environment-store.js';
import type { UriStore } from '../engine/store/uri-store.js';
import { servableEnvironmentOf } from '../engine/launch/servable-environment.js';
import { recordKeyOf, type FastPathLauncher, type FastPathRecheck, type FastPathStore } from './fast-path-store.js';
import { loadedFileOf, uniqueLoadedFiles, type LoadedFile } from './loaded-file.js';
import { keysFromSpecAlone, recordedLaunchModuleOf } from './plugin-abilities.js';

/**
 * The engine's side of the fast path: after `getOrCreate`, records raw document →
 * environment with the files that decided it. A document qualifies when each of
 * its fields either has keys from its spec alone (no file, network or clock went
 * into its URIs, so with the same loaded files the document can only ever name this
 * environment) or can be re-checked by its package's launch module (an image tag:
 * the fast path asks for the keys again and takes the environment only if the URIs
 * they make are the same; a module that exports no `hash` makes it miss).
 */
export class FastPathRecorder {
  private readonly loadedFiles: LoadedFile[];
  private readonly pluginsByName: ReadonlyMap<string, LoadedPlugin>;

  constructor(
    private readonly store: FastPathStore,
    private readonly state: { environments: EnvironmentStore; uris: UriStore },
    private readonly scope: string,
    loadedFiles: readonly LoadedFile[],
    private readonly plugins: readonly LoadedPlugin[],
  ) {
    // The core's own module too: another core may validate or name environments otherwise.
    this.loadedFiles = uniqueLoadedFiles([...loadedFiles, coreModuleFile()]);
    this.pluginsByName = new Map(plugins.map((loaded) => [loaded.plugin.name, loaded]));
  }

  /**
   * Writes the document record, then the environment's file. The second is written
   * inside a write transaction that sees the environment ready: whatever removes or
   * changes the environment does so in a write transaction too and removes the file
   * after (see `EnvironmentStore`), so a file never outlives its environment.
   * Throws what the file system or database throws; the caller logs it and goes on
   * (a record only saves time later).
   */
  record(document: unknown, environment: { id: string; context: LaunchContext }, resolved: ResolvedEnvironment): void {
    const rechecks = this.rechecksFor(resolved);
    if (!rechecks) return;
    const launcherPlugin = environment.context.launcher ? this.pluginsByName.get(environment.context.launcher) : undefined;
    const launcher = launcherPlugin && launcherOf(launcherPlugin);
    this.store.recordDocument(this.scope, recordKeyOf(this.scope, document), {
      environmentId: environment.id,
      loadedFiles: this.loadedFiles,
      launcher,
      rechecks,
    });
    const { environments, uris } = this.state;
    uris.transaction(() => {
      const servable = servableEnvironmentOf(environments, uris, environment.id);
      if (servable) this.store.writeServable(servable);
    });
  }

  /** The fields of `resolved` whose keys are not from their spec alone, with what re-checks them (none when all are), or undefined when one cannot be re-checked without its plugin. */
  private rechecksFor(resolved: ResolvedEnvironment): FastPathRecheck[] | undefined {
    const rechecks: FastPathRecheck[] = [];
    for (const loaded of this.plugins) {
      const { plugin } = loaded;
      const spec = resolved.runtimeEnv[plugin.name];
      if (spec === undefined || keysFromSpecAlone(resolved, plugin.name)) continue;
      const launchModuleUrl = recordedLaunchModuleOf(loaded);
      const options = optionsJsonOf(loaded.options);
      if (launchModuleUrl === undefined || options === undefined) return undefined;
      const uris = resolved.uris.filter((entry) => entry.plugin === plugin.name).map((entry) => entry.uri);
      rechecks.push({ field: plugin.name, identity: loaded.identity, launchModuleUrl, ...options, spec, uris });
    }
    return rechecks;
  }
}

/** How the fast path launches without the plugin; undefined when it cannot (no launch module was read, options JSON would change). */
function launcherOf(loaded: LoadedPlugin): FastPathLauncher | undefined {
  const launchModuleUrl = recordedLaunchModuleOf(loaded);
  const options = optionsJsonOf(loaded.options);
  if (launchModuleUrl === undefined || options === undefined) return undefined;
  return { source: loaded.source, launchModuleUrl, ...options };
}

/**
 * The parsed options as JSON, `{}` when the plugin got none, or undefined when they
 * would not come back equal from JSON (a Date, a function, a Map): the fast path
 * would otherwise hand the module another shape than the plugin got.
 */
function optionsJsonOf(options: unknown): { optionsJson?: string } | undefined {
  if (options === undefined) return {};
  const optionsJson = JSON.stringify(options);
  if (optionsJson === undefined || !isDeepStrictEqual(JSON.parse(optionsJson), options)) return undefined;
  return { optionsJson };
}

function coreModuleFile(): LoadedFile | undefined {
  try {
    return loadedFileOf(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}
