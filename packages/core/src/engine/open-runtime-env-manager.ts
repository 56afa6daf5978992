import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@runtime-env/plugin-api';
import { CreationLimiter } from './build/creation-limiter.js';
import { DataLayout } from './store/data-layout.js';
import { FastPathRecorder } from '../fast-path/fast-path-recorder.js';
import { FastPathFiles } from '../fast-path/fast-path-files.js';
import { FastPathStore } from '../fast-path/fast-path-store.js';
import { DocumentResolver } from './resolution/document-resolver.js';
import { EnvironmentBuilder } from './build/environment-builder.js';
import { EnvironmentSummaryReader } from './store/environment-summaries.js';
import { EnvironmentStore } from './store/environment-store.js';
import { GarbageCollector } from './gc/garbage-collector.js';
import { baseHookContext } from './hooks/hook-contexts.js';
import { LastUsedBatcher } from './store/last-used-batcher.js';
import type { LoadedPlugin, ManagerOptions, ProgressEvent, RuntimeEnvManager } from './manager-types.js';
import { inPriorityOrder } from './hooks/plugin-order.js';
import { makePrivateDataDirectory, makePrivateDirectory } from './store/private-files.js';
import { currentProcessIdentity } from '@runtime-env/plugin-api';
import { ReferenceStore } from './store/reference-store.js';
import { RuntimeEnvManagerEngine } from './runtime-env-manager.js';
import { recoverPlugins } from './recovery/plugin-recovery.js';
import { openStateDatabase } from './store/state-database.js';
import { recoverDataDirectory } from './recovery/startup-recovery.js';
import { UriBuilder } from './build/uri-builder.js';
import { UriProgressListeners } from './build/uri-progress.js';
import { UriStore } from './store/uri-store.js';

const DEFAULT_FAILURE_TTL_SECONDS = 600;
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_RETRY_BASE_DELAY_MS = 500;

/**
 * Opens the engine for one data directory: creates the layout (private to its
 * owner, see private-files.ts) and the state database, cleans up what a crashed
 * process left, and wires the parts together.
 */
export async function openRuntimeEnvManager(options: ManagerOptions): Promise<RuntimeEnvManager> {
  const plugins = inPriorityOrder(options.plugins);
  const pluginsByName = indexPlugins(plugins);
  const layout = new DataLayout(resolve(options.dataDirectory));
  makePrivateDataDirectory(layout.dataDirectory);
  makePrivateDirectory(layout.pluginsDirectory);
  makePrivateDirectory(layout.logsDirectory);
  for (const { plugin } of plugins) mkdirSync(layout.pluginSharedDirectory(plugin.name), { recursive: true });

  const database = openStateDatabase(layout.databasePath);
  const fastPathFiles = new FastPathFiles(layout.dataDirectory);
  const uris = new UriStore(database);
  const environments = new EnvironmentStore(database, fastPathFiles);
  const references = new ReferenceStore(database);
  const log = options.log;
  await recoverDataDirectory(layout, uris, environments, references, fastPathFiles, log);
  const closeController = new AbortController();
  await recoverPlugins(plugins, layout, closeController.signal, log);

  const holder = currentProcessIdentity();
  const progressListeners = new Set<(event: ProgressEvent) => void>();
  const uriBuilder = new UriBuilder({
    layout,
    uris,
    limiter: new CreationLimiter(options.maxConcurrentCreations),
    progress: new UriProgressListeners(),
    holder,
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    retryBaseDelayMs: Math.max(0, options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS),
    log,
  });
  const builder = new EnvironmentBuilder({
    layout,
    environments,
    uris,
    uriBuilder,
    plugins,
    holder,
    failureTtlMs: (options.failureTtlSeconds ?? DEFAULT_FAILURE_TTL_SECONDS) * 1000,
    closeSignal: closeController.signal,
    log,
    broadcast: (event) => {
      for (const listener of progressListeners) {
        try {
          listener(event);
        } catch {
          // A subscriber's bug must not break a creation.
        }
      }
    },
  });
  const collector = new GarbageCollector({
    layout,
    uris,
    environments,
    references,
    pluginsByName,
    budgets: options.budgets ?? {},
    holder,
    log,
    closeSignal: closeController.signal,
    isUriCreatingHere: (uri) => uriBuilder.isCreatingHere(uri),
    isEnvironmentCreatingHere: (id) => builder.isCreating(id),
    forgetEnvironment: (id) => builder.forget(id),
    fastPathFiles,
    noteRecentUses: () => engine.noteRecentUses(),
  });
  const resolver = new DocumentResolver(plugins, (loaded, signal) => baseHookContext(loaded, layout, signal, log), closeController.signal, log);
  const engine: RuntimeEnvManagerEngine = new RuntimeEnvManagerEngine({
    layout,
    database,
    plugins,
    pluginsByName,
    uris,
    environments,
    summaries: new EnvironmentSummaryReader(database, fastPathFiles),
    references,
    resolver,
    builder,
    uriBuilder,
    collector,
    lastUsed: new LastUsedBatcher(database),
    progressListeners,
    closeController,
    log,
    fastPath: options.fastPath
      ? new FastPathRecorder(new FastPathStore(fastPathFiles), { environments, uris }, options.fastPath.scope, options.fastPath.loadedFiles, plugins)
      : undefined,
    fastPathFiles,
  });
  return engine;
}

function indexPlugins(plugins: readonly LoadedPlugin[]): Map<string, LoadedPlugin> {
  const byName = new Map<string, LoadedPlugin>();
  for (const loaded of plugins) {
    const existing = byName.get(loaded.plugin.name);
    if (existing) {
      throw new ConfigError('duplicate_plugin', loaded.source, `plugin "${loaded.plugin.name}" is also loaded from ${existing.source}`, {
        hint: 'load each plugin once',
      });
    }
    byName.set(loaded.plugin.name, loaded);
  }
  return byName;
}
