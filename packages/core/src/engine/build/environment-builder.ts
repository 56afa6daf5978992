import { mkdirSync } from 'node:fs';
import { CancelledError } from '@runtime-env/plugin-api';
import { SetupTimeoutError } from '@runtime-env/plugin-api';
import { emptyLaunchContext, type LaunchContext } from '@runtime-env/plugin-api';
import type { JsonObject, ProgressUpdate } from '@runtime-env/plugin-api';
import type { DataLayout } from '../store/data-layout.js';
import type { EnvironmentStore } from '../store/environment-store.js';
import { baseHookContext, type StructuredLog } from '../hooks/hook-contexts.js';
import { invokeHook } from '../hooks/hook-invocation.js';
import type { LoadedPlugin, ProgressEvent, ResolvedEnvironment } from '../manager-types.js';
import type { ProcessIdentity } from '@runtime-env/plugin-api';
import { PRIVATE_DIRECTORY_MODE } from '../store/private-files.js';
import { secretsOfRuntimeEnv } from '../logging/secret-masking.js';
import { servableContextOf } from '../launch/servable-environment.js';
import { SetupLog } from './setup-log.js';
import { SharedTasks } from './shared-tasks.js';
import { reviveFailure, storedFailureOf, type StoredFailure } from '../failures/stored-failure.js';
import { failureInputsDigestOf } from '../failures/failure-inputs.js';
import { ReplayedFailureError } from '@runtime-env/plugin-api';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { UriBuilder } from './uri-builder.js';
import type { UriProgressKind } from './uri-progress.js';
import type { UriStore } from '../store/uri-store.js';

export interface ReadyEnvironment {
  id: string;
  context: LaunchContext;
  /** How long this process took to create it (rounded, as recorded); absent when it was made elsewhere. */
  creationMs?: number;
}

export interface EnvironmentBuilderSettings {
  layout: DataLayout;
  environments: EnvironmentStore;
  uris: UriStore;
  uriBuilder: UriBuilder;
  plugins: readonly LoadedPlugin[];
  holder: ProcessIdentity;
  failureTtlMs: number;
  closeSignal: AbortSignal;
  log: StructuredLog | undefined;
  /** Every progress event, for `manager.onProgress` subscribers. */
  broadcast: (event: ProgressEvent) => void;
}

/** Where a creation is, for the timeout's error message. */
interface CreationTracker {
  plugin: string;
  phase: string;
}

/**
 * Turns a resolved document into a ready environment: reuses a recorded one,
 * rethrows a remembered failure, or creates the missing URIs (plugins in priority
 * order, one plugin's URIs in parallel) and runs `modifyContext` from an empty
 * context. One creation per environment per process, shared by all callers.
 */
export class EnvironmentBuilder {
  readonly ready = new Map<string, ReadyEnvironment>();
  readonly failures = new Map<string, { error: unknown; failedAt: number; inputsDigest: string }>();
  private readonly tasks = new SharedTasks<ReadyEnvironment>();
  private readonly listeners = new Map<string, Set<(event: ProgressEvent) => void>>();

  constructor(private readonly settings: EnvironmentBuilderSettings) {}

  isCreating(environmentId: string): boolean {
    return this.tasks.has(environmentId);
  }

  abortAll(reason: unknown): Promise<void> {
    return this.tasks.abortAll(reason);
  }

  /** Forgets what this process remembers about an environment (it was removed). */
  forget(environmentId: string): void {
    this.ready.delete(environmentId);
    this.failures.delete(environmentId);
  }

  /** `retry`: try again even when a failure of the same inputs is remembered. */
  async obtain(
    resolved: ResolvedEnvironment,
    signal: AbortSignal | undefined,
    onProgress?: (event: ProgressEvent) => void,
    retry = false,
  ): Promise<{ ready: ReadyEnvironment; cached: boolean; joined: boolean }> {
    const remembered = this.ready.get(resolved.id);
    if (remembered) return { ready: remembered, cached: true, joined: false };
    if (!retry) this.throwRememberedFailure(resolved);
    const recorded = this.recordedReady(resolved.id);
    if (recorded) return { ready: recorded, cached: true, joined: false };

    let listeners = this.listeners.get(resolved.id);
    if (!listeners) this.listeners.set(resolved.id, (listeners = new Set()));
    if (onProgress) listeners.add(onProgress);
    // Read before `run`, with no await between: `run` would add this call's own task.
    const joined = this.tasks.has(resolved.id);
    try {
      const ready = await this.tasks.run(resolved.id, (taskSignal) => this.build(resolved, taskSignal), signal, `creating environment ${resolved.id}`);
      return { ready, cached: false, joined };
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
  }

  /** Throws the failure remembered for these very inputs (same document, config and plugin variables), if still fresh. */
  private throwRememberedFailure(resolved: ResolvedEnvironment): void {
    const now = Date.now();
    // Computed only once a failure is found: it reads the whole process environment, and most creations have no failure to compare with.
    const inputsDigest = (): string => failureInputsDigestOf(resolved, this.settings.plugins);
    const inMemory = this.failures.get(resolved.id);
    if (inMemory) {
      if (now - inMemory.failedAt >= this.settings.failureTtlMs) this.failures.delete(resolved.id);
      else if (inMemory.inputsDigest === inputsDigest()) throw replayOf(inMemory.error, inMemory.failedAt, now);
      return;
    }
    const row = this.settings.environments.get(resolved.id);
    if (row?.state === 'failed' && row.failed_at !== null && row.error_json && now - row.failed_at < this.settings.failureTtlMs) {
      const stored = JSON.parse(row.error_json) as StoredFailure;
      if (stored.inputsDigest === inputsDigest()) throw replayOf(reviveFailure(stored), row.failed_at, now);
    }
  }

  /** An environment another process (or an earlier run) made, if all its URIs are still there. */
  private recordedReady(environmentId: string): ReadyEnvironment | undefined {
    const context = servableContextOf(this.settings.environments, this.settings.uris, environmentId);
    if (!context) return undefined;
    const ready = { id: environmentId, context };
    this.ready.set(environmentId, ready);
    return ready;
  }

  private async build(resolved: ResolvedEnvironment, taskSignal: AbortSignal): Promise<ReadyEnvironment> {
    const { layout, environments, config } = { ...this.settings, config: resolved.config };
    const setupLogPath = layout.setupLogPath(resolved.id);
    // Synchronous like the log's own writes below: an awaited mkdir of a folder that is almost always there
    // cost ten times more CPU (a thread-pool round trip per creation) than the system call itself.
    mkdirSync(layout.logsDirectory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    // Still no work before a turn: `SharedTasks.run` registers this creation once `build` has returned its
    // promise, and a progress listener that asks for the same environment must find it and join. A turn of
    // the event loop, not a microtask: a caller creating in a loop would otherwise never leave the current
    // task, and memory released only between tasks piled up (which objects, not traced): 15 → 30 MiB of
    // live heap after 3,000 creations in process, 27 → 80 MiB for the core bench's 10,000.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const setupLog = new SetupLog(setupLogPath, secretsOfRuntimeEnv(resolved.runtimeEnv));
    const tracker: CreationTracker = { plugin: resolved.uris[0]?.plugin ?? 'core', phase: 'starting' };
    const timeout = new AbortController();
    const timer =
      config.setup_timeout_seconds > 0
        ? setTimeout(
            () => timeout.abort(new SetupTimeoutError({ ...tracker, timeoutSeconds: config.setup_timeout_seconds })),
            config.setup_timeout_seconds * 1000,
          )
        : undefined;
    const signal = AbortSignal.any([taskSignal, timeout.signal, this.settings.closeSignal]);
    const startedAt = performance.now();
    environments.beginCreating(
      {
        id: resolved.id,
        runtimeEnvJson: JSON.stringify(resolved.runtimeEnv),
        fields: Object.keys(resolved.runtimeEnv),
        configJson: JSON.stringify(config),
        setupLogPath,
        uris: resolved.uris,
      },
      this.settings.holder,
      Date.now(),
    );
    setupLog.write('core', 'info', `creating environment ${resolved.id} (${resolved.uris.length} URIs, timeout ${config.setup_timeout_seconds} s)`);
    try {
      setupLog.open();
      await this.createUris(resolved, setupLog, tracker, signal);
      tracker.phase = 'modifyContext';
      const context = await this.modifyContext(resolved, setupLog, tracker, signal);
      if (signal.aborted) throw signal.reason;
      const creationMs = Math.round(performance.now() - startedAt);
      environments.markReady(resolved.id, JSON.stringify(context), creationMs, Date.now());
      setupLog.write('core', 'info', `environment ${resolved.id} ready in ${creationMs} ms`);
      const ready = { id: resolved.id, context, creationMs };
      this.ready.set(resolved.id, ready);
      return ready;
    } catch (thrown) {
      const error = signal.aborted ? signal.reason : thrown;
      const cancelled = !timeout.signal.aborted && (taskSignal.aborted || this.settings.closeSignal.aborted);
      this.recordFailure(resolved, error, setupLog, cancelled);
      throw error;
    } finally {
      setupLog.close();
      if (timer) clearTimeout(timer);
      if (this.listeners.get(resolved.id)?.size === 0) this.listeners.delete(resolved.id);
    }
  }

  private recordFailure(resolved: ResolvedEnvironment, error: unknown, setupLog: SetupLog, cancelled: boolean): void {
    const environmentId = resolved.id;
    const message = error instanceof Error ? error.message : String(error);
    setupLog.write('core', 'error', `environment ${environmentId} ${cancelled ? 'cancelled' : 'failed'}: ${message}`);
    if (cancelled) {
      // Giving up is the caller's choice, not a property of the environment: nothing to remember.
      this.settings.environments.markNeedsRebuild(environmentId);
      return;
    }
    const failedAt = Date.now();
    const inputsDigest = failureInputsDigestOf(resolved, this.settings.plugins);
    this.failures.set(environmentId, { error, failedAt, inputsDigest });
    this.settings.environments.markFailed(environmentId, JSON.stringify({ ...storedFailureOf(error, failedAt), inputsDigest }), failedAt);
  }

  private async createUris(resolved: ResolvedEnvironment, setupLog: SetupLog, tracker: CreationTracker, signal: AbortSignal): Promise<void> {
    for (const loaded of this.settings.plugins) {
      const name = loaded.plugin.name;
      const pluginUris = resolved.uris.filter((entry) => entry.plugin === name);
      if (pluginUris.length === 0) continue;
      tracker.plugin = name;
      tracker.phase = 'create';
      const onProgress = (update: ProgressUpdate, kind: UriProgressKind, uri: string, plugin: string): void => {
        tracker.plugin = plugin;
        tracker.phase = update.phase;
        this.dispatch({ ...update, environmentId: resolved.id, plugin, uri, kind, at: new Date().toISOString() });
      };
      // The first failure stops the plugin's other URIs; they clean up before this returns.
      const siblings = new AbortController();
      const groupSignal = AbortSignal.any([signal, siblings.signal]);
      let firstError: { error: unknown } | undefined;
      await Promise.allSettled(
        pluginUris.map(({ uri, key }) =>
          this.settings.uriBuilder
            .ensure({
              loaded,
              uri,
              key,
              spec: resolved.runtimeEnv[name],
              runtimeEnv: resolved.runtimeEnv,
              setupLog,
              environmentId: resolved.id,
              signal: groupSignal,
              onProgress,
            })
            .catch((error: unknown) => {
              if (!firstError) firstError = { error };
              siblings.abort(new CancelledError(`creating ${uri} (a sibling URI failed)`));
            }),
        ),
      );
      if (firstError) throw firstError.error;
    }
  }

  private async modifyContext(resolved: ResolvedEnvironment, setupLog: SetupLog, tracker: CreationTracker, signal: AbortSignal): Promise<LaunchContext> {
    const context = emptyLaunchContext();
    const { layout, uris, log } = this.settings;
    for (const loaded of this.settings.plugins) {
      const { plugin } = loaded;
      const spec = resolved.runtimeEnv[plugin.name];
      if (spec === undefined || !plugin.modifyContext) continue;
      tracker.plugin = plugin.name;
      const pluginUris = resolved.uris.filter((entry) => entry.plugin === plugin.name).map((entry) => entry.uri);
      const hookContext = {
        ...baseHookContext(loaded, layout, signal, log, setupLog),
        runtimeEnv: resolved.runtimeEnv,
        uris: pluginUris,
        context,
        directoryOf: (uri: string) => layout.uriDirectory(plugin.name, uri),
        detailsOf: (uri: string) => {
          const detailsJson = uris.get(uri)?.details_json;
          return detailsJson ? (JSON.parse(detailsJson) as JsonObject) : undefined;
        },
      };
      await invokeHook({ plugin: plugin.name, hook: 'modifyContext', signal, setupLog, log, fields: { environmentId: resolved.id } }, () =>
        plugin.modifyContext!(spec, hookContext),
      );
    }
    return context;
  }

  private dispatch(event: ProgressEvent): void {
    for (const listener of this.listeners.get(event.environmentId) ?? []) {
      try {
        listener(event);
      } catch {
        // A caller's progress callback must not break the creation.
      }
    }
    this.settings.broadcast(event);
  }
}

/** The remembered failure, marked as a replay; an error that is not the project's is thrown as it was. */
function replayOf(error: unknown, failedAt: number, now: number): unknown {
  return RuntimeEnvError.isInstance(error) ? new ReplayedFailureError(error, failedAt, now) : error;
}
