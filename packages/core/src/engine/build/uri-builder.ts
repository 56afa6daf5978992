import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { PluginError, TERMINATION_GRACE_MS } from '@runtime-env/plugin-api';
import { createRunProcess } from '../../launch-context/run-process.js';
import { SetupProcessGroups } from '../../launch-context/setup-process-groups.js';
import { setupCreatorMarker } from '../../launch-context/setup-process-marker.js';
import type { CreateContext, CreateResult, NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import { abortableDelay } from './abortable-delay.js';
import type { CreationLimiter } from './creation-limiter.js';
import type { DataLayout } from '../store/data-layout.js';
import { baseHookContext, type StructuredLog } from '../hooks/hook-contexts.js';
import { invokeHook } from '../hooks/hook-invocation.js';
import type { LoadedPlugin } from '../manager-types.js';
import { killOrphanedSetupProcesses } from '../recovery/orphaned-setup-processes.js';
import { isProcessAlive, type ProcessIdentity } from '@runtime-env/plugin-api';
import type { SetupLog } from './setup-log.js';
import { settleWithin } from './settle-within.js';
import { SharedTasks } from './shared-tasks.js';
import type { UriProgressListener, UriProgressListeners } from './uri-progress.js';
import type { UriRow, UriStore } from '../store/uri-store.js';

/** How often a URI another process is creating is looked at again. */
const FOREIGN_CREATION_POLL_MS = 100;

export interface UriBuilderSettings {
  layout: DataLayout;
  uris: UriStore;
  limiter: CreationLimiter;
  progress: UriProgressListeners;
  holder: ProcessIdentity;
  maxAttempts: number;
  retryBaseDelayMs: number;
  log: StructuredLog | undefined;
}

export interface UriRequest {
  loaded: LoadedPlugin;
  uri: string;
  /** The key the plugin's `hash` gave for `uri`. */
  key: string;
  spec: unknown;
  runtimeEnv: NormalizedRuntimeEnv;
  setupLog: SetupLog;
  environmentId: string;
  /** The environment creation's signal (its timeout, its callers, the manager closing). */
  signal: AbortSignal;
  onProgress: UriProgressListener;
}

/**
 * Makes sure one URI is ready on disk: reuses it, waits for whoever is making it
 * (in this process or another), takes over from a dead creator, or creates it.
 */
export class UriBuilder {
  private readonly tasks = new SharedTasks<void>();

  constructor(private readonly settings: UriBuilderSettings) {}

  isCreatingHere(uri: string): boolean {
    return this.tasks.has(uri);
  }

  async ensure(request: UriRequest): Promise<void> {
    const stopListening = this.settings.progress.add(request.uri, request.onProgress);
    try {
      if (this.tasks.has(request.uri)) {
        request.setupLog.write('core', 'info', `waiting for ${request.uri}, which another environment is creating`);
      }
      await this.tasks.run(request.uri, (signal) => this.obtain(request, signal), request.signal, `creating ${request.uri}`);
    } finally {
      stopListening();
    }
  }

  abortAll(reason: unknown): Promise<void> {
    return this.tasks.abortAll(reason);
  }

  private async obtain(request: UriRequest, signal: AbortSignal): Promise<void> {
    const { uris, layout, holder } = this.settings;
    const plugin = request.loaded.plugin.name;
    let announcedWait = false;
    for (;;) {
      const row = uris.get(request.uri);
      if (row?.state === 'ready') {
        if (existsSync(row.path)) return;
        request.setupLog.write('core', 'warn', `${request.uri} was recorded as ready but its directory is gone; creating it again`);
        uris.deleteIfReady(request.uri);
        continue;
      }
      if (row) {
        if (isHeldByLiveProcess(row)) {
          if (!announcedWait) {
            request.setupLog.write('core', 'info', `waiting for ${request.uri}, held by process ${row.holder_pid} (${row.state})`);
            // Without it the user sees nothing at all until the other process is done.
            this.settings.progress.emit(request.uri, plugin, 'progress', {
              phase: 'waiting',
              message: `another process (pid ${row.holder_pid}) is creating it`,
            });
          }
          announcedWait = true;
          await abortableDelay(FOREIGN_CREATION_POLL_MS, signal);
          continue;
        }
        if (uris.takeOver(row, holder, Date.now())) {
          request.setupLog.write('core', 'warn', `rebuilding ${request.uri}, left ${row.state} by process ${row.holder_pid}, which is gone`);
          if (row.holder_pid !== null) await this.killOrphansOf({ pid: row.holder_pid, startTime: row.holder_start_time }, request.setupLog);
          return this.createClaimed(request, layout.uriDirectory(plugin, request.uri), signal);
        }
        continue;
      }
      const path = layout.uriDirectory(plugin, request.uri);
      if (uris.claim(request.uri, plugin, path, holder, Date.now())) return this.createClaimed(request, path, signal);
    }
  }

  private async createClaimed(request: UriRequest, directory: string, signal: AbortSignal): Promise<void> {
    const { uris, progress, limiter } = this.settings;
    const plugin = request.loaded.plugin.name;
    const emit = progress.emit.bind(progress, request.uri, plugin);
    try {
      await rm(directory, { recursive: true, force: true });
      await mkdir(directory, { recursive: true });
      await mkdir(this.settings.layout.pluginSharedDirectory(plugin), { recursive: true });
      emit('started', { phase: 'queued' });
      const startedAt = performance.now();
      const result = await limiter.run(() => this.createWithRetries(request, directory, signal), signal);
      const creationMs = performance.now() - startedAt;
      uris.markReady(request.uri, { ...result, creationMs, key: request.key, spec: request.spec }, Date.now());
      request.setupLog.write('core', 'info', `${request.uri} ready in ${Math.round(creationMs)} ms (${result.sizeBytes} bytes)`);
      emit('ready', { phase: 'ready', bytesDone: result.sizeBytes, bytesTotal: result.sizeBytes });
    } catch (error) {
      // The claim is held until the directory is gone, so nobody sees a half-built URI.
      await rm(directory, { recursive: true, force: true }).catch(() => {});
      uris.delete(request.uri);
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      emit('failed', { phase: 'failed', message: request.setupLog.maskText(message ?? '') });
      throw error;
    }
  }

  private async createWithRetries(request: UriRequest, directory: string, signal: AbortSignal): Promise<CreateResult> {
    const { maxAttempts, retryBaseDelayMs, progress } = this.settings;
    const { plugin } = request.loaded;
    if (!plugin.create) return { sizeBytes: 0 };
    for (let attempt = 1; ; attempt += 1) {
      const processGroups = new SetupProcessGroups();
      try {
        const context = this.createContext(request, directory, signal, processGroups);
        const call = invokeHook(
          { plugin: plugin.name, hook: 'create', signal, setupLog: request.setupLog, log: this.settings.log, fields: { uri: request.uri, attempt } },
          async () => checkedCreateResult(await plugin.create!(request.spec, context)),
        );
        await settleWithin(call, signal, TERMINATION_GRACE_MS + 1_000);
        if (signal.aborted) throw signal.reason;
        return await call;
      } catch (error) {
        // Whatever the plugin started is gone before the directory is removed or reused.
        await processGroups.terminateAll();
        if (signal.aborted) throw signal.reason;
        const retryable = PluginError.isInstance(error) && error.failureClass === 'transient' && attempt < maxAttempts;
        if (!retryable) throw error;
        const delayMs = retryBaseDelayMs * 2 ** (attempt - 1);
        request.setupLog.write('core', 'warn', `transient failure of ${plugin.name} (attempt ${attempt} of ${maxAttempts}); retrying in ${delayMs} ms`);
        progress.emit(request.uri, plugin.name, 'retrying', { phase: 'retrying', message: `attempt ${attempt + 1} of ${maxAttempts} in ${delayMs} ms` });
        await abortableDelay(delayMs, signal);
        await rm(directory, { recursive: true, force: true });
        await mkdir(directory, { recursive: true });
      }
    }
  }

  private async killOrphansOf(deadCreator: ProcessIdentity, setupLog: SetupLog): Promise<void> {
    const killed = await killOrphanedSetupProcesses(deadCreator);
    if (killed.length > 0)
      setupLog.write('core', 'warn', `killed ${killed.length} setup processes process ${deadCreator.pid} left running (pids ${killed.join(', ')})`);
  }

  private createContext(request: UriRequest, directory: string, signal: AbortSignal, processGroups: SetupProcessGroups): CreateContext<unknown> {
    const { loaded, setupLog, uri } = request;
    const plugin = loaded.plugin.name;
    return {
      ...baseHookContext(loaded, this.settings.layout, signal, this.settings.log, setupLog),
      uri,
      key: request.key,
      directory,
      runtimeEnv: request.runtimeEnv,
      progress: (update) => {
        if (update.message) setupLog.write(plugin, 'info', `${update.phase}: ${update.message}`);
        this.settings.progress.emit(uri, plugin, 'progress', { ...update, ...(update.message ? { message: setupLog.maskText(update.message) } : {}) });
      },
      runProcess: createRunProcess({
        signal,
        writeLine: (line, _stream, secrets) => setupLog.write(plugin, 'info', line, undefined, secrets),
        processGroups,
        creatorMarker: setupCreatorMarker(this.settings.holder),
      }),
    };
  }
}

function isHeldByLiveProcess(row: UriRow): boolean {
  return row.holder_pid !== null && isProcessAlive(row.holder_pid, row.holder_start_time);
}

/** The result as stored; anything but a `CreateResult` throws (and becomes the hook's `PluginError`). */
function checkedCreateResult(result: CreateResult): CreateResult {
  if (typeof result !== 'object' || result === null)
    throw new TypeError(`create returned ${JSON.stringify(result)}; expected a CreateResult ({ sizeBytes, lock?, details? })`);
  return { ...result, sizeBytes: Number.isFinite(result.sizeBytes) ? result.sizeBytes : 0 };
}
