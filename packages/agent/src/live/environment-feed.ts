import type { ProgressEvent, RuntimeEnvManager } from '@runtime-env/core';
import type { EnvironmentRow, ProgressStep } from '@runtime-env/dashboard';
import { environmentRow } from '../views/environment-row.js';

export type FeedMessage =
  | { kind: 'upsert'; rows: EnvironmentRow[] }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'progress'; event: ProgressStep };

type FeedListener = (message: FeedMessage) => void;

/** Changes are gathered for this long before the table is compared again (at most this often). */
const COMPARE_INTERVAL_MS = 1_000;
/**
 * Changes no request of this agent made (another process on the same data
 * directory, a lease that lapsed) are looked for this often while someone follows.
 */
const RESYNC_INTERVAL_MS = 5_000;

/**
 * The environments table, followed live: who subscribes gets the current rows,
 * then what changed. Progress is passed on as it comes; state changes (created,
 * used, released, removed) are found by comparing the table with the last one
 * sent, at most once a second and only after something may have changed. Nothing
 * runs while nobody follows, so an agent without a dashboard open pays nothing.
 */
export class EnvironmentFeed {
  private readonly listeners = new Set<FeedListener>();
  private rows = new Map<string, { row: EnvironmentRow; fingerprint: string }>();
  private compareTimer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private stopProgress: (() => void) | undefined;
  private lastComparedAt = 0;

  constructor(private readonly manager: RuntimeEnvManager) {}

  get followers(): number {
    return this.listeners.size;
  }

  subscribe(listener: FeedListener): { snapshot: EnvironmentRow[]; unsubscribe: () => void } {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return {
      snapshot: [...this.rows.values()].map((entry) => entry.row),
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  /** Something may have changed the table (a request that was not a read): compare soon. */
  noteChange(): void {
    if (this.listeners.size === 0 || this.compareTimer !== undefined) return;
    const wait = Math.max(0, this.lastComparedAt + COMPARE_INTERVAL_MS - Date.now());
    this.compareTimer = setTimeout(() => {
      this.compareTimer = undefined;
      this.compare();
    }, wait);
    this.compareTimer.unref();
  }

  private start(): void {
    this.rows = new Map(this.manager.listEnvironments().map((record) => this.entryOf(environmentRow(record))));
    this.lastComparedAt = Date.now();
    this.stopProgress = this.manager.onProgress((event) => this.onProgress(event));
    this.resyncTimer = setInterval(() => this.noteChange(), RESYNC_INTERVAL_MS);
    this.resyncTimer.unref();
  }

  private stop(): void {
    this.stopProgress?.();
    this.stopProgress = undefined;
    clearInterval(this.resyncTimer);
    clearTimeout(this.compareTimer);
    this.resyncTimer = undefined;
    this.compareTimer = undefined;
    this.rows.clear();
  }

  private onProgress(event: ProgressEvent): void {
    const view: ProgressStep = { environmentId: event.environmentId, plugin: event.plugin, at: event.at, kind: event.kind, phase: event.phase };
    if (event.bytesDone !== undefined) view.bytesDone = event.bytesDone;
    if (event.bytesTotal !== undefined) view.bytesTotal = event.bytesTotal;
    // Not the message: a plugin's free text is for the setup log, which is masked; the table needs only the numbers.
    this.broadcast({ kind: 'progress', event: view });
    this.noteChange();
  }

  private compare(): void {
    if (this.listeners.size === 0) return;
    this.lastComparedAt = Date.now();
    let records;
    try {
      records = this.manager.listEnvironments();
    } catch {
      return; // the manager is closing; the streams end with the agent
    }
    const next = new Map(records.map((record) => this.entryOf(environmentRow(record))));
    const changed = [...next.values()].filter((entry) => this.rows.get(entry.row.id)?.fingerprint !== entry.fingerprint).map((entry) => entry.row);
    const removed = [...this.rows.keys()].filter((id) => !next.has(id));
    this.rows = next;
    if (changed.length > 0) this.broadcast({ kind: 'upsert', rows: changed });
    if (removed.length > 0) this.broadcast({ kind: 'remove', ids: removed });
  }

  private entryOf(row: EnvironmentRow): [string, { row: EnvironmentRow; fingerprint: string }] {
    return [row.id, { row, fingerprint: `${row.state}|${row.sizeBytes}|${row.references}|${row.pinned}|${row.lastUsedAt}|${row.creationMs}` }];
  }

  private broadcast(message: FeedMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}
