import { CancelledError, EnvironmentNotFoundError } from '@runtime-env/plugin-api';
import { launchProcess, RuntimeEnvError } from '@runtime-env/plugin-api';
import type { LaunchContext } from '@runtime-env/plugin-api';
import type { LaunchIo, LaunchResult } from '@runtime-env/plugin-api';
import type { DataLayout } from './store/data-layout.js';
import type { FastPathRecorder } from '../fast-path/fast-path-recorder.js';
import type { FastPathFiles } from '../fast-path/fast-path-files.js';
import { fastPathUseOf, fastPathUses, leaseReferenceRows } from './references/lease-references.js';
import type { DocumentResolver } from './resolution/document-resolver.js';
import type { EnvironmentBuilder, ReadyEnvironment } from './build/environment-builder.js';
import type { EnvironmentStore } from './store/environment-store.js';
import type { EnvironmentSummaryReader } from './store/environment-summaries.js';
import type { GarbageCollector } from './gc/garbage-collector.js';
import { baseHookContext, type StructuredLog } from './hooks/hook-contexts.js';
import { invokeHook } from './hooks/hook-invocation.js';
import type { LastUsedBatcher } from './store/last-used-batcher.js';
import { copyLaunchContext } from './launch/launch-context-copy.js';
import { closePlugins } from './hooks/plugin-closing.js';
import type {
  EnvironmentHandle,
  EnvironmentRecord,
  EnvironmentState,
  EnvironmentSummary,
  GcReport,
  GetOrCreateOptions,
  LoadedPlugin,
  ProgressEvent,
  ResolvedEnvironment,
  RuntimeEnvManager,
  ValidatedRuntimeEnv,
  UriRecord,
} from './manager-types.js';
import { environmentRecordOf, groupBy, uriRecordOf, type StateSnapshot } from './store/record-mapping.js';
import { liveEnvironmentIds } from './references/reference-liveness.js';
import { RecentReferences } from './references/recent-references.js';
import { referenceRequestOf } from './references/reference-requests.js';
import type { ReferenceStore } from './store/reference-store.js';
import type { StateDatabase } from './store/state-database.js';
import type { UriBuilder } from './build/uri-builder.js';
import type { UriStore } from './store/uri-store.js';

export interface ManagerParts {
  layout: DataLayout;
  database: StateDatabase;
  plugins: readonly LoadedPlugin[];
  pluginsByName: ReadonlyMap<string, LoadedPlugin>;
  uris: UriStore;
  environments: EnvironmentStore;
  summaries: EnvironmentSummaryReader;
  references: ReferenceStore;
  resolver: DocumentResolver;
  builder: EnvironmentBuilder;
  uriBuilder: UriBuilder;
  collector: GarbageCollector;
  lastUsed: LastUsedBatcher;
  progressListeners: Set<(event: ProgressEvent) => void>;
  closeController: AbortController;
  log: StructuredLog | undefined;
  /** Records documents for the fast path, when the caller asked for it (`ManagerOptions.fastPath`). */
  fastPath: FastPathRecorder | undefined;
  /** The fast path's files, whose leases count as references. */
  fastPathFiles: FastPathFiles;
}

/** The per-node engine behind `openRuntimeEnvManager`. */
export class RuntimeEnvManagerEngine implements RuntimeEnvManager {
  readonly dataDirectory: string;
  readonly plugins: readonly LoadedPlugin[];
  private closed = false;
  private readonly recentReferences = new RecentReferences();
  /** The fast-path use times already written, so a listing every second writes only what changed. */
  private readonly fastPathUsesWritten = new Map<string, number>();

  constructor(private readonly parts: ManagerParts) {
    this.dataDirectory = parts.layout.dataDirectory;
    this.plugins = parts.plugins;
  }

  normalizedDocument(document: unknown, options: { baseDirectory?: string | null } = {}): Readonly<Record<string, unknown>> {
    this.assertOpen();
    return this.parts.resolver.normalizedDocument(document, options);
  }

  validate(document: unknown, options: { baseDirectory?: string | null } = {}): ValidatedRuntimeEnv {
    this.assertOpen();
    return this.parts.resolver.validate(document, options);
  }

  resolve(document: unknown, signal?: AbortSignal): Promise<ResolvedEnvironment> {
    this.assertOpen();
    return this.parts.resolver.resolve(document, signal);
  }

  getOrCreate(document: unknown, options: GetOrCreateOptions): Promise<EnvironmentHandle> {
    try {
      this.assertOpen();
      // The cached path: no hook, no await, one SQLite statement.
      const resolved = this.parts.resolver.resolvedFromMemo(document);
      const ready = resolved && this.parts.builder.ready.get(resolved.id);
      if (ready && this.addReference(ready.id, options)) return Promise.resolve(this.handleOf(ready, true, false));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.getOrCreateSlowly(document, options);
  }

  private async getOrCreateSlowly(document: unknown, options: GetOrCreateOptions): Promise<EnvironmentHandle> {
    const resolved = await this.parts.resolver.resolve(document, options.signal);
    // A garbage collection elsewhere may remove the environment between creation and reference: then go again.
    for (let attempt = 0; ; attempt += 1) {
      this.assertOpen();
      const { ready, cached, joined } = await this.parts.builder.obtain(resolved, options.signal, options.onProgress, options.retry === true);
      if (this.addReference(ready.id, options)) {
        if (!cached && this.parts.collector.hasBudgets) this.collectInBackground();
        this.recordForFastPath(document, ready, resolved);
        return this.handleOf(ready, cached, joined);
      }
      this.parts.builder.forget(ready.id);
      this.recentReferences.forgetEnvironment(ready.id);
      if (attempt >= 3) {
        throw new RuntimeEnvError('environment_unstable', `environment ${ready.id} keeps being removed while it is being referenced`, {
          hint: 'another process is garbage-collecting aggressively; raise the budgets',
        });
      }
    }
  }

  /** Records raw document → environment for the fast path (see `FastPathRecorder`). */
  private recordForFastPath(document: unknown, ready: ReadyEnvironment, resolved: ResolvedEnvironment): void {
    try {
      this.parts.fastPath?.record(document, ready, resolved);
    } catch (error) {
      // A record only saves time later: a busy or read-only database must not fail the call.
      this.parts.log?.({ event: 'fast_path_record_failed', environmentId: ready.id, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private addReference(environmentId: string, options: GetOrCreateOptions): boolean {
    const now = Date.now();
    // A short lease must really be extended each time; longer ones may be a second late.
    const trustable = options.leaseSeconds === undefined || options.leaseSeconds >= 10;
    const signature = `${options.pid ?? ''}/${options.leaseSeconds ?? ''}`;
    if (trustable && this.recentReferences.isFresh(environmentId, options.owner, signature, now)) {
      this.parts.lastUsed.record(environmentId, now);
      return true;
    }
    if (!this.parts.references.addIfReady(referenceRequestOf(environmentId, options, now), now)) return false;
    if (trustable) this.recentReferences.written(environmentId, options.owner, signature, now);
    this.parts.lastUsed.record(environmentId, now);
    return true;
  }

  private handleOf(ready: ReadyEnvironment, cached: boolean, joined: boolean): EnvironmentHandle {
    const manager = this;
    let record: EnvironmentRecord | undefined;
    return {
      id: ready.id,
      context: copyLaunchContext(ready.context),
      cached,
      joined,
      creationMs: ready.creationMs ?? null,
      // Built on first read: a full record costs more than the whole cached path.
      get record(): EnvironmentRecord {
        record ??= manager.getEnvironment(ready.id);
        if (!record) throw new EnvironmentNotFoundError(ready.id);
        return record;
      },
    };
  }

  private collectInBackground(): void {
    this.parts.collector.collect().catch((error: unknown) => {
      this.parts.log?.({ event: 'gc_failed', message: error instanceof Error ? error.message : String(error) });
    });
  }

  release(environmentId: string, owner: string): boolean {
    this.assertOpen();
    this.recentReferences.forgetOwner(environmentId, owner);
    return this.parts.references.delete(environmentId, owner);
  }

  renewLease(environmentId: string, owner: string, leaseSeconds: number): void {
    this.assertOpen();
    if (!(leaseSeconds > 0)) throw new RuntimeEnvError('invalid_lease', `leaseSeconds must be a positive number of seconds, got ${leaseSeconds}`);
    const now = Date.now();
    if (!this.parts.references.renew(environmentId, owner, now + leaseSeconds * 1000, now)) {
      throw new RuntimeEnvError('reference_not_found', `"${owner}" holds no reference to environment "${environmentId}"`, {
        hint: 'the lease may have lapsed and been collected; call getOrCreate again to take a new reference',
      });
    }
  }

  pin(environmentId: string): void {
    this.setPinned(environmentId, true);
  }

  unpin(environmentId: string): void {
    this.setPinned(environmentId, false);
  }

  private setPinned(environmentId: string, pinned: boolean): void {
    this.assertOpen();
    const { environments, uris } = this.parts;
    this.parts.uris.transaction(() => {
      if (!environments.get(environmentId)) throw new EnvironmentNotFoundError(environmentId);
      environments.setPinned(environmentId, pinned);
      for (const { uri } of environments.urisOf(environmentId)) {
        // A URI stays pinned while any pinned environment needs it.
        const stillPinned = pinned || environments.environmentsNeeding(uri).some((id) => environments.get(id)?.pinned === 1);
        uris.setPinned(uri, stillPinned);
      }
    });
  }

  getEnvironment(environmentId: string): EnvironmentRecord | undefined {
    this.assertOpen();
    // This environment's fast-path use only: listing every environment file would make one lookup grow with all of them.
    this.noteFastPathUse(environmentId, fastPathUseOf(this.parts.fastPathFiles, environmentId));
    this.parts.lastUsed.flush();
    const row = this.parts.environments.get(environmentId);
    if (!row) return undefined;
    const environmentUris = this.parts.environments.urisOf(environmentId);
    const snapshot: StateSnapshot = {
      environmentUris: new Map([[environmentId, environmentUris]]),
      references: new Map([[environmentId, [...this.parts.references.of(environmentId), ...leaseReferenceRows(this.parts.fastPathFiles, environmentId)]]]),
      uris: new Map(
        environmentUris.flatMap(({ uri }) => {
          const uriRow = this.parts.uris.get(uri);
          return uriRow ? [[uri, uriRow] as const] : [];
        }),
      ),
      now: Date.now(),
    };
    return environmentRecordOf(row, snapshot);
  }

  listEnvironments(filter: { state?: EnvironmentState; plugin?: string } = {}): EnvironmentRecord[] {
    this.assertOpen();
    const snapshot = this.snapshot();
    return this.parts.environments
      .all()
      .filter((row) => filter.state === undefined || row.state === filter.state)
      .filter(
        (row) =>
          filter.plugin === undefined ||
          (snapshot.environmentUris.get(row.id) ?? []).some((entry) => entry.plugin === filter.plugin) ||
          filter.plugin in JSON.parse(row.runtime_env_json),
      )
      .map((row) => environmentRecordOf(row, snapshot));
  }

  listEnvironmentSummaries(filter: { state?: EnvironmentState; plugin?: string } = {}): EnvironmentSummary[] {
    this.assertOpen();
    this.noteRecentUses();
    return this.parts.summaries.list(filter, Date.now());
  }

  listUris(): UriRecord[] {
    this.assertOpen();
    const snapshot = this.snapshot();
    const live = liveEnvironmentIds([...snapshot.references.values()].flat(), snapshot.now);
    const needers = groupBy([...snapshot.environmentUris.values()].flat(), (row) => row.uri);
    return [...snapshot.uris.values()].map((row) =>
      uriRecordOf(
        row,
        (needers.get(row.uri) ?? []).map((entry) => entry.environment_id).filter((id) => live.has(id)),
      ),
    );
  }

  private snapshot(): StateSnapshot {
    this.noteRecentUses();
    return {
      environmentUris: groupBy(this.parts.environments.allUris(), (row) => row.environment_id),
      references: groupBy([...this.parts.references.all(), ...leaseReferenceRows(this.parts.fastPathFiles)], (row) => row.environment_id),
      uris: new Map(this.parts.uris.all().map((row) => [row.uri, row])),
      now: Date.now(),
    };
  }

  remove(environmentId: string, options: { force?: boolean } = {}): Promise<{ bytesFreed: number }> {
    this.assertOpen();
    this.recentReferences.forgetEnvironment(environmentId);
    return this.parts.collector.removeEnvironment(environmentId, options.force === true);
  }

  clearFailures(environmentId?: string): number {
    this.assertOpen();
    const ids = environmentId === undefined ? this.parts.environments.failedIds() : this.parts.environments.failedIds().filter((id) => id === environmentId);
    const forgottenInMemory = environmentId === undefined ? [...this.parts.builder.failures.keys()] : [environmentId];
    for (const id of ids) this.parts.environments.delete(id);
    let count = ids.length;
    for (const id of forgottenInMemory) {
      if (this.parts.builder.failures.delete(id) && !ids.includes(id)) count += 1;
    }
    return count;
  }

  gc(options: { dryRun?: boolean; all?: boolean } = {}): Promise<GcReport> {
    this.assertOpen();
    return this.parts.collector.collect(options);
  }

  /** Writes the pending last-used times, with the fast path's runs among them (its environment files' times). */
  noteRecentUses(): void {
    for (const [environmentId, usedAt] of fastPathUses(this.parts.fastPathFiles)) this.noteFastPathUse(environmentId, usedAt);
    this.parts.lastUsed.flush();
  }

  private noteFastPathUse(environmentId: string, usedAt: number | undefined): void {
    if (usedAt === undefined || this.fastPathUsesWritten.get(environmentId) === usedAt) return;
    this.fastPathUsesWritten.set(environmentId, usedAt);
    this.parts.lastUsed.record(environmentId, usedAt);
  }

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.parts.progressListeners.add(listener);
    return () => this.parts.progressListeners.delete(listener);
  }

  async launch(context: LaunchContext, command: readonly string[], io: LaunchIo): Promise<LaunchResult> {
    if (!context.launcher) return launchProcess(context, command, io);
    const loaded = this.parts.pluginsByName.get(context.launcher);
    if (!loaded?.plugin.launch) {
      throw new RuntimeEnvError(
        'launcher_not_found',
        `the launch context names launcher "${context.launcher}", but no loaded plugin of that name has a launch hook`,
        {
          hint: `load the plugin "${context.launcher}" in the config of the process that launches`,
        },
      );
    }
    const signal = io.signal ?? this.parts.closeController.signal;
    const hookContext = baseHookContext(loaded, this.parts.layout, signal, this.parts.log);
    return invokeHook({ plugin: loaded.plugin.name, hook: 'launch', signal, log: this.parts.log }, () =>
      loaded.plugin.launch!({ context, command, io }, hookContext),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new CancelledError('creating the environment (the manager is closing)');
    this.parts.closeController.abort(reason);
    await this.parts.builder.abortAll(reason);
    await this.parts.uriBuilder.abortAll(reason);
    await this.parts.collector.idle();
    await closePlugins(this.parts.plugins, this.parts.layout, this.parts.log);
    this.parts.lastUsed.flush();
    this.parts.database.close();
  }

  private assertOpen(): void {
    if (this.closed)
      throw new RuntimeEnvError('manager_closed', `the runtime-env manager for "${this.dataDirectory}" is closed`, {
        hint: 'open a new one with openRuntimeEnvManager',
      });
  }
}
