import type { StateDatabase } from './state-database.js';

/** How often cached hits are written as `last used` times. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * Collects "this environment was just used" from cached hits and writes them
 * (to the environment and its URIs, for LRU eviction) once a second in one
 * transaction, instead of two extra writes on every hit.
 */
export class LastUsedBatcher {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly touchEnvironment;
  private readonly touchUrisOf;

  constructor(private readonly database: StateDatabase) {
    this.touchEnvironment = database.prepare<[number, string]>('UPDATE environments SET last_used_at = max(last_used_at, ?) WHERE id = ?');
    this.touchUrisOf = database.prepare<[number, string]>(
      'UPDATE uris SET last_used_at = max(last_used_at, ?) WHERE uri IN (SELECT uri FROM environment_uris WHERE environment_id = ?)',
    );
  }

  record(environmentId: string, now: number): void {
    this.pending.set(environmentId, now);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.database.transaction(() => {
      for (const [environmentId, usedAt] of batch) {
        this.touchEnvironment.run(usedAt, environmentId);
        this.touchUrisOf.run(usedAt, environmentId);
      }
    })();
  }
}
