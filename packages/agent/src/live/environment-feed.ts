import type { ProgressEvent, RuntimeEnvManager } from '@runtime-env/core';
import type { EnvironmentRow, ProgressStep } from '@runtime-env/dashboard';
import { environmentRow, environmentRowOfRecord } from '../views/environment-row.js';

/** One Server-Sent Event of `/v1/events`, its data serialized once for every follower. */
export interface FeedFrame {
  event: 'upsert' | 'remove' | 'progress';
  data: string;
}

/** What a follower gets each tick: every frame of that tick, to write at once. */
type FeedListener = (frames: readonly FeedFrame[]) => void;

/** How a request touched an environment: `used` (a cached hit: its last-used time, maybe a new reference) or anything else. */
export type ChangeKind = 'changed' | 'used';

/** Environments known to have changed are read again, and progress passed on, at most this often. */
const TARGETED_INTERVAL_MS = 250;
/**
 * Environments only used (cached hits) are read again at most this often: on a busy
 * node the same environments are hit all the time, and a new last-used time is not
 * worth reading the record (and flushing the core's last-used batch) four times a second.
 */
const USED_INTERVAL_MS = 1_000;
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
 * then what changed. Each tick (at most four a second) gathers what happened since
 * the last one into frames serialized once and handed to every follower together:
 * the latest progress step of each creating plugin, the rows that changed, the ids
 * removed. State changes (created, used, released, removed, collected) are found by
 * reading again the environments requests named (the ones only used, once a
 * second), and by comparing the whole table once a minute. While nobody follows,
 * only the ids requests name are remembered (no timers, no reads), so the next
 * dashboard opened within the minute gets the table without the core listing every
 * environment again.
 */
export class EnvironmentFeed {
  private readonly listeners = new Set<FeedListener>();
  private rows = new Map<string, { row: EnvironmentRow; fingerprint: string }>();
  private readonly changedIds = new Set<string>();
  private readonly usedIds = new Set<string>();
  /** The latest step per environment and plugin since the last tick: the table shows only the latest. */
  private readonly pendingProgress = new Map<string, ProgressStep>();
  private fullCompareDue = false;
  /** The rows are a complete, current table (compared in full less than a minute ago, changes since remembered). */
  private rowsKnown = false;
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private stopProgress: (() => void) | undefined;
  private lastFullCompareAt = 0;
  private lastUsedReadAt = 0;

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
  noteChange(environmentId?: string, kind: ChangeKind = 'changed'): void {
    if (!this.rowsKnown) return;
    if (environmentId === undefined || this.changedIds.size + this.usedIds.size >= MAXIMUM_REMEMBERED_CHANGES) this.fullCompareDue = true;
    else if (kind === 'used') this.usedIds.add(environmentId);
    else this.changedIds.add(environmentId);
    if (this.listeners.size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const now = Date.now();
    let wait: number;
    if (this.changedIds.size > 0 || this.pendingProgress.size > 0) wait = TARGETED_INTERVAL_MS;
    else if (this.usedIds.size > 0) wait = Math.max(TARGETED_INTERVAL_MS, this.lastUsedReadAt + USED_INTERVAL_MS - now);
    else if (this.fullCompareDue) wait = Math.max(0, this.lastFullCompareAt + RESYNC_INTERVAL_MS - now);
    else return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publishChanges();
    }, wait);
    this.timer.unref();
  }

  private start(): void {
    if (this.rowsKnown && !this.fullCompareDue && Date.now() - this.lastFullCompareAt < RESYNC_INTERVAL_MS) this.compareChanged(undefined, true);
    else this.compareAll(undefined);
    this.stopProgress = this.manager.onProgress((event) => this.onProgress(event));
    this.resyncTimer = setInterval(() => this.noteChange(), RESYNC_INTERVAL_MS);
    this.resyncTimer.unref();
  }

  private stop(): void {
    this.stopProgress?.();
    this.stopProgress = undefined;
    this.pendingProgress.clear();
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
    const key = `${event.environmentId}\u0000${event.plugin}`;
    // Deleted first, so the map's order is the order of each plugin's latest step.
    this.pendingProgress.delete(key);
    this.pendingProgress.set(key, step);
    this.noteChange(event.environmentId);
  }

  private publishChanges(): void {
    if (this.listeners.size === 0) return;
    const frames: FeedFrame[] = [];
    // Progress first: a creation's last step comes before the row that says it is ready.
    for (const step of this.pendingProgress.values()) frames.push({ event: 'progress', data: JSON.stringify(step) });
    this.pendingProgress.clear();
    try {
      if (this.fullCompareDue) this.compareAll(frames);
      else this.compareChanged(frames, Date.now() - this.lastUsedReadAt >= USED_INTERVAL_MS);
    } catch {
      return; // the manager is closing; the streams end with the agent
    }
    if (frames.length > 0) for (const listener of this.listeners) listener(frames);
    this.schedule();
  }

  /** Reads again the environments named since the last tick (and the ones only used, when `withUsed`). */
  private compareChanged(frames: FeedFrame[] | undefined, withUsed: boolean): void {
    const changed: EnvironmentRow[] = [];
    const removed: string[] = [];
    const ids = withUsed ? new Set([...this.changedIds, ...this.usedIds]) : this.changedIds;
    for (const id of ids) {
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
    if (withUsed) {
      this.usedIds.clear();
      this.lastUsedReadAt = Date.now();
    }
    if (frames !== undefined) this.framesOf(frames, changed, removed);
  }

  private compareAll(frames: FeedFrame[] | undefined): void {
    this.lastFullCompareAt = Date.now();
    this.lastUsedReadAt = this.lastFullCompareAt;
    this.fullCompareDue = false;
    this.changedIds.clear();
    this.usedIds.clear();
    this.rowsKnown = true;
    const next = new Map(this.manager.listEnvironmentSummaries().map((summary) => this.entryOf(environmentRow(summary))));
    const changed = [...next.values()].filter((entry) => this.rows.get(entry.row.id)?.fingerprint !== entry.fingerprint).map((entry) => entry.row);
    const removed = [...this.rows.keys()].filter((id) => !next.has(id));
    this.rows = next;
    if (frames !== undefined) this.framesOf(frames, changed, removed);
  }

  private framesOf(frames: FeedFrame[], changed: EnvironmentRow[], removed: string[]): void {
    if (changed.length > 0) frames.push({ event: 'upsert', data: JSON.stringify({ rows: changed }) });
    if (removed.length > 0) frames.push({ event: 'remove', data: JSON.stringify({ ids: removed }) });
  }

  private entryOf(row: EnvironmentRow): [string, { row: EnvironmentRow; fingerprint: string }] {
    return [row.id, { row, fingerprint: `${row.state}|${row.sizeBytes}|${row.references}|${row.pinned}|${row.lastUsedAt}|${row.creationMs}` }];
  }
}
