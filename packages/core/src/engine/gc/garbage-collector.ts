import { rm } from 'node:fs/promises';
import { EnvironmentInUseError, EnvironmentNotFoundError } from '@runtime-env/plugin-api';
import type { DataLayout } from '../store/data-layout.js';
import type { EnvironmentStore } from '../store/environment-store.js';
import { baseHookContext, type StructuredLog } from '../hooks/hook-contexts.js';
import { invokeHook } from '../hooks/hook-invocation.js';
import type { Budgets, GcReport, LoadedPlugin } from '../manager-types.js';
import { planEviction } from './eviction-plan.js';
import type { FastPathFiles } from '../../fast-path/fast-path-files.js';
import { leaseOwnerOf, liveLeaseHolders, liveLeases } from '../../fast-path/fast-path-leases.js';
import { removeUnservedDocumentRecords } from '../../fast-path/fast-path-sweep.js';
import { isProcessAlive, type ProcessIdentity } from '@runtime-env/plugin-api';
import { groupBy } from '../store/record-mapping.js';
import { isReferenceLive, liveEnvironmentIds } from '../references/reference-liveness.js';
import type { ReferenceStore } from '../store/reference-store.js';
import type { UriRow, UriStore } from '../store/uri-store.js';

export interface GarbageCollectorSettings {
  layout: DataLayout;
  uris: UriStore;
  environments: EnvironmentStore;
  references: ReferenceStore;
  pluginsByName: ReadonlyMap<string, LoadedPlugin>;
  budgets: Budgets;
  holder: ProcessIdentity;
  log: StructuredLog | undefined;
  closeSignal: AbortSignal;
  isUriCreatingHere(uri: string): boolean;
  isEnvironmentCreatingHere(environmentId: string): boolean;
  /** Called for each environment record removed, so in-memory caches forget it. */
  forgetEnvironment(environmentId: string): void;
  /** The fast path's files: its leases protect environments, and its environment files are the tombstones. */
  fastPathFiles: FastPathFiles;
  /** Writes recent uses (the engine's and the fast path's) as last-used times, so eviction orders by them. */
  noteRecentUses(): void;
}

/**
 * Eviction and removal. Deciding what goes and marking it `deleting` happen in
 * one write transaction, so a reference another process adds is either seen (and
 * the URI kept) or fails because the environment is no longer ready (and that
 * process rebuilds it). The slow part, deleting files, happens afterwards.
 */
export class GarbageCollector {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: GarbageCollectorSettings) {}

  get hasBudgets(): boolean {
    const { budgets } = this.settings;
    return budgets.totalBytes !== undefined || Object.keys(budgets.perPluginBytes ?? {}).length > 0;
  }

  /** One collection at a time per process; concurrent calls run one after another. */
  collect(options: { dryRun?: boolean; all?: boolean } = {}): Promise<GcReport> {
    const run = this.queue.then(() => this.collectNow(options.dryRun === true, options.all === true));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Resolves once queued collections are done (for `close`). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async collectNow(dryRun: boolean, all: boolean): Promise<GcReport> {
    const { uris, environments, references, fastPathFiles } = this.settings;
    this.settings.noteRecentUses();
    const plan = uris.transaction(() => {
      const now = Date.now();
      const leased = new Set(liveLeases(fastPathFiles).keys());
      for (;;) {
        const planned = this.planOnce(now, leased, all);
        if (dryRun) return { ...planned, rows: [] as UriRow[] };
        // The two-phase protocol against the fast path (fast-path-leases.ts): the
        // tombstones first, then the leases a run may have taken meanwhile.
        for (const id of planned.environmentsRemoved) fastPathFiles.forgetEnvironment(id);
        const leasedMeanwhile = planned.environmentsRemoved.filter((id) => liveLeaseHolders(fastPathFiles, id).length > 0);
        if (leasedMeanwhile.length > 0) {
          // Spared; without its file, its next run takes the engine's path, which records it again.
          for (const id of leasedMeanwhile) leased.add(id);
          continue;
        }
        for (const reference of references.all()) {
          if (!isReferenceLive(reference, now)) references.delete(reference.environment_id, reference.owner);
        }
        for (const id of planned.environmentsRemoved) environments.delete(id);
        const rows = planned.victims.map((victim) => uris.get(victim.uri)!).filter((row) => uris.markDeleting(row.uri, this.settings.holder));
        return { ...planned, rows };
      }
    });
    for (const id of plan.environmentsRemoved) this.settings.forgetEnvironment(id);
    let bytesFreed = 0;
    if (dryRun) bytesFreed = plan.victims.reduce((total, victim) => total + victim.sizeBytes, 0);
    for (const row of plan.rows) bytesFreed += await this.deleteUri(row);
    if (!dryRun) removeUnservedDocumentRecords(fastPathFiles);
    const report: GcReport = { dryRun, removed: plan.victims, bytesFreed, environmentsRemoved: plan.environmentsRemoved };
    this.settings.log?.({ event: 'gc', dryRun, removed: plan.victims.length, bytesFreed, environmentsRemoved: plan.environmentsRemoved.length });
    return report;
  }

  /** What would go now, sparing `leased` (environments held through the fast path) besides the engine's own protections. */
  private planOnce(now: number, leased: ReadonlySet<string>, all: boolean): { victims: ReturnType<typeof planEviction>; environmentsRemoved: string[] } {
    const { uris, environments } = this.settings;
    const protectedEnvironments = this.protectedEnvironments(now);
    for (const id of leased) protectedEnvironments.add(id);
    const environmentUris = groupBy(environments.allUris(), (row) => row.environment_id);
    const protectedUris = new Set<string>();
    for (const id of protectedEnvironments) for (const row of environmentUris.get(id) ?? []) protectedUris.add(row.uri);
    const readyUris = uris.all().filter((row) => row.state === 'ready' && !this.settings.isUriCreatingHere(row.uri));
    const victims = planEviction({ readyUris, protectedUris, budgets: this.settings.budgets, all });
    const victimSet = new Set(victims.map((victim) => victim.uri));
    const environmentsRemoved = [...environmentUris]
      .filter(([id, rows]) => !protectedEnvironments.has(id) && rows.some((row) => victimSet.has(row.uri)))
      .map(([id]) => id);
    return { victims, environmentsRemoved };
  }

  /** Environments whose URIs must stay: referenced, pinned, or being created by a live process. */
  private protectedEnvironments(now: number): Set<string> {
    const protectedIds = liveEnvironmentIds(this.settings.references.all(), now);
    for (const row of this.settings.environments.all()) {
      if (row.pinned === 1) protectedIds.add(row.id);
      if (row.state === 'creating' && row.holder_pid !== null && isProcessAlive(row.holder_pid, row.holder_start_time)) protectedIds.add(row.id);
      if (this.settings.isEnvironmentCreatingHere(row.id)) protectedIds.add(row.id);
    }
    return protectedIds;
  }

  async removeEnvironment(environmentId: string, force: boolean): Promise<{ bytesFreed: number }> {
    const { uris, environments, references } = this.settings;
    const rows = uris.transaction(() => {
      if (!environments.get(environmentId)) throw new EnvironmentNotFoundError(environmentId);
      if (this.settings.isEnvironmentCreatingHere(environmentId)) throw new EnvironmentInUseError(environmentId, ['a creation in progress']);
      const now = Date.now();
      const holders = references
        .of(environmentId)
        .filter((reference) => isReferenceLive(reference, now))
        .map((reference) => reference.owner);
      if (holders.length > 0 && !force) throw new EnvironmentInUseError(environmentId, holders);
      // The tombstone first, then the fast path's leases (fast-path-leases.ts).
      this.settings.fastPathFiles.forgetEnvironment(environmentId);
      const leaseHolders = liveLeaseHolders(this.settings.fastPathFiles, environmentId).map(leaseOwnerOf);
      if (leaseHolders.length > 0 && !force) throw new EnvironmentInUseError(environmentId, leaseHolders);
      const needed = environments.urisOf(environmentId);
      environments.delete(environmentId);
      const unshared = needed.filter(({ uri }) => environments.environmentsNeeding(uri).length === 0 && !this.settings.isUriCreatingHere(uri));
      return unshared.map(({ uri }) => uris.get(uri)).filter((row): row is UriRow => row !== undefined && uris.markDeleting(row.uri, this.settings.holder));
    });
    this.settings.forgetEnvironment(environmentId);
    let bytesFreed = 0;
    for (const row of rows) bytesFreed += await this.deleteUri(row);
    return { bytesFreed };
  }

  /**
   * Runs the plugin's `delete` hook (if any) with the spec and key the URI was
   * created from, removes the directory, then the row. A row made before plugin
   * API v2 has neither: its directory is removed without the hook.
   */
  private async deleteUri(row: UriRow): Promise<number> {
    const loaded = this.settings.pluginsByName.get(row.plugin);
    let bytesFreed = row.size_bytes;
    if (loaded?.plugin.delete && row.key !== null && row.spec_json !== null) {
      const signal = this.settings.closeSignal;
      const spec = JSON.parse(row.spec_json) as unknown;
      const context = {
        ...baseHookContext(loaded, this.settings.layout, signal, this.settings.log),
        uri: row.uri,
        key: row.key,
        directory: row.path,
        details: row.details_json ? JSON.parse(row.details_json) : undefined,
      };
      try {
        bytesFreed = await invokeHook({ plugin: row.plugin, hook: 'delete', signal, log: this.settings.log, fields: { uri: row.uri } }, () =>
          loaded.plugin.delete!(spec, context),
        );
      } catch (error) {
        // The directory still goes: keeping a URI whose outside part may be half gone would be worse.
        this.settings.log?.({ event: 'gc_delete_failed', plugin: row.plugin, uri: row.uri, message: (error as Error).message });
      }
    }
    await rm(row.path, { recursive: true, force: true });
    this.settings.uris.delete(row.uri);
    return bytesFreed;
  }
}
