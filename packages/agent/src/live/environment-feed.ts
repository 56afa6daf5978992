import type { ProgressEvent, RuntimeEnvManager } from '@runtime-env/core';
import type { EnvironmentRow, ProgressStep } from '@runtime-env/dashboard';
import { environmentRow, environmentRowOfRecord } from '../views/environment-row.js';

export type FeedMessage = { kind: 'upsert'; rows: EnvironmentRow[] } | { kind: 'remove'; ids: string[] } | { kind: 'progress'; event: ProgressStep };

type FeedListener = (message: FeedMessage) => void;

/** Environments known to have changed are read again at most this often. */
const TARGETED_INTERVAL_MS = 250;
/**
 * Changes no request of this agent made (another process on the same data
 * directory, a lease that lapsed) are looked for this often, by comparing the
 * whole table: the core's summaries of 10,000 environments still cost tens of
 * milliseconds and the comparison more, too much to do often on a busy node.
 */
const RESYNC_INTERVAL_MS = 60_000;
/** Ids remembered while nobody follows; past this many, the next follower gets a full listing. */
const MAXIMUM_REMEMBERED_CHANGES = 10_000;

/**
 * The environments table, followed live: who subscribes gets the current rows,
 * then what changed. Progress is passed on as it comes. State changes (created,
 * used, released, removed, collected) are found by reading again the environments
 * requests named, a few times a second, and by comparing the whole table once a
 * minute. While nobody follows, only the ids requests name are remembered (no
 * timers, no reads), so the next dashboard opened within the minute gets the
 * table without the core listing every environment again.
 */
export class EnvironmentFeed {
  private readonly listeners = new Set<FeedListener>();
  private rows = new Map<string, { row: EnvironmentRow; fingerprint: string }>();
  private readonly changedIds = new Set<string>();
  private fullCompareDue = false;
  /** The rows are a complete, current table (compared in full less than a minute ago, changes since remembered). */
  private rowsKnown = false;
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private stopProgress: (() => void) | undefined;
  private lastFullCompareAt = 0;

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

  /** A request may have changed `environmentId`, or any environment when none is named. */
  noteChange(environmentId?: string): void {
    if (!this.rowsKnown) return;
    if (environmentId === undefined || this.changedIds.size >= MAXIMUM_REMEMBERED_CHANGES) this.fullCompareDue = true;
    else this.changedIds.add(environmentId);
    if (this.listeners.size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const now = Date.now();
    const wait = this.changedIds.size > 0 ? TARGETED_INTERVAL_MS : Math.max(0, this.lastFullCompareAt + RESYNC_INTERVAL_MS - now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publishChanges();
    }, wait);
    this.timer.unref();
  }

  private start(): void {
    if (this.rowsKnown && !this.fullCompareDue && Date.now() - this.lastFullCompareAt < RESYNC_INTERVAL_MS) this.compareChanged(false);
    else this.compareAll(false);
    this.stopProgress = this.manager.onProgress((event) => this.onProgress(event));
    this.resyncTimer = setInterval(() => this.noteChange(), RESYNC_INTERVAL_MS);
    this.resyncTimer.unref();
  }

  private stop(): void {
    this.stopProgress?.();
    this.stopProgress = undefined;
    clearInterval(this.resyncTimer);
    clearTimeout(this.timer);
    this.resyncTimer = undefined;
    this.timer = undefined;
  }

  private onProgress(event: ProgressEvent): void {
    const step: ProgressStep = { environmentId: event.environmentId, plugin: event.plugin, at: event.at, kind: event.kind, phase: event.phase };
    if (event.bytesDone !== undefined) step.bytesDone = event.bytesDone;
    if (event.bytesTotal !== undefined) step.bytesTotal = event.bytesTotal;
    // Not the message: a plugin's free text belongs in the setup log, which is masked; the table needs only the numbers.
    this.broadcast({ kind: 'progress', event: step });
    this.noteChange(event.environmentId);
  }

  private publishChanges(): void {
    if (this.listeners.size === 0) return;
    try {
      if (this.fullCompareDue) this.compareAll(true);
      else this.compareChanged(true);
    } catch {
      return; // the manager is closing; the streams end with the agent
    }
    if (this.fullCompareDue || this.changedIds.size > 0) this.schedule();
  }

  private compareChanged(publish: boolean): void {
    const changed: EnvironmentRow[] = [];
    const removed: string[] = [];
    for (const id of this.changedIds) {
      const record = this.manager.getEnvironment(id);
      if (record === undefined) {
        if (this.rows.delete(id)) removed.push(id);
        continue;
      }
      const entry = this.entryOf(environmentRowOfRecord(record));
      if (this.rows.get(id)?.fingerprint !== entry[1].fingerprint) changed.push(entry[1].row);
      this.rows.set(...entry);
    }
    this.changedIds.clear();
    if (publish) this.send(changed, removed);
  }

  private compareAll(publish: boolean): void {
    this.lastFullCompareAt = Date.now();
    this.fullCompareDue = false;
    this.changedIds.clear();
    this.rowsKnown = true;
    const next = new Map(this.manager.listEnvironmentSummaries().map((summary) => this.entryOf(environmentRow(summary))));
    const changed = [...next.values()].filter((entry) => this.rows.get(entry.row.id)?.fingerprint !== entry.fingerprint).map((entry) => entry.row);
    const removed = [...this.rows.keys()].filter((id) => !next.has(id));
    this.rows = next;
    if (publish) this.send(changed, removed);
  }

  private send(changed: EnvironmentRow[], removed: string[]): void {
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
