import type { JsonObject, LockedPackage } from '@runtime-env/plugin-api';
import type { UriState } from '../manager-types.js';
import type { ProcessIdentity } from '@runtime-env/plugin-api';
import type { StateDatabase } from './state-database.js';

export interface UriRow {
  uri: string;
  plugin: string;
  state: UriState;
  path: string;
  size_bytes: number;
  created_at: number;
  last_used_at: number;
  creation_ms: number | null;
  pinned: 0 | 1;
  holder_pid: number | null;
  holder_start_time: string | null;
  lock_json: string | null;
  details_json: string | null;
  /** The key the plugin's `hash` gave, and the spec the URI was created from (for `delete`); null in rows of a core before apiVersion 2. */
  key: string | null;
  spec_json: string | null;
}

/** The `uris` table: one row per URI on this node, whatever its state. */
export class UriStore {
  private readonly statements;

  constructor(private readonly database: StateDatabase) {
    this.statements = {
      get: database.prepare<[string], UriRow>('SELECT * FROM uris WHERE uri = ?'),
      all: database.prepare<[], UriRow>('SELECT * FROM uris ORDER BY last_used_at'),
      claim: database.prepare(
        `INSERT OR IGNORE INTO uris (uri, plugin, state, path, created_at, last_used_at, holder_pid, holder_start_time)
         VALUES (@uri, @plugin, 'creating', @path, @now, @now, @pid, @startTime)`,
      ),
      markReady: database.prepare(
        `UPDATE uris SET state = 'ready', size_bytes = @sizeBytes, creation_ms = @creationMs, lock_json = @lockJson,
           details_json = @detailsJson, key = @key, spec_json = @specJson, last_used_at = @now, holder_pid = NULL, holder_start_time = NULL
         WHERE uri = @uri`,
      ),
      markDeleting: database.prepare(
        `UPDATE uris SET state = 'deleting', holder_pid = @pid, holder_start_time = @startTime WHERE uri = @uri AND state = 'ready'`,
      ),
      delete: database.prepare<[string]>('DELETE FROM uris WHERE uri = ?'),
      deleteIfReady: database.prepare<[string]>(`DELETE FROM uris WHERE uri = ? AND state = 'ready'`),
      takeOver: database.prepare(
        `UPDATE uris SET state = 'creating', holder_pid = @pid, holder_start_time = @startTime, created_at = @now, last_used_at = @now
         WHERE uri = @uri AND state = @oldState AND holder_pid IS @oldPid AND holder_start_time IS @oldStartTime`,
      ),
      touch: database.prepare<[number, string]>('UPDATE uris SET last_used_at = max(last_used_at, ?) WHERE uri = ?'),
      setPinned: database.prepare<[number, string]>('UPDATE uris SET pinned = ? WHERE uri = ?'),
    };
  }

  get(uri: string): UriRow | undefined {
    return this.statements.get.get(uri);
  }

  all(): UriRow[] {
    return this.statements.all.all();
  }

  /** Inserts a `creating` row held by `holder`; false when a row already exists. */
  claim(uri: string, plugin: string, path: string, holder: ProcessIdentity, now: number): boolean {
    return this.statements.claim.run({ uri, plugin, path, now, pid: holder.pid, startTime: holder.startTime }).changes === 1;
  }

  markReady(
    uri: string,
    result: { sizeBytes: number; creationMs: number; lock?: LockedPackage[]; details?: JsonObject; key: string; spec: unknown },
    now: number,
  ): void {
    this.statements.markReady.run({
      uri,
      sizeBytes: Math.round(result.sizeBytes),
      creationMs: Math.round(result.creationMs),
      lockJson: result.lock ? JSON.stringify(result.lock) : null,
      detailsJson: result.details ? JSON.stringify(result.details) : null,
      key: result.key,
      specJson: JSON.stringify(result.spec) ?? null,
      now,
    });
  }

  /** Moves a ready URI to `deleting`; false when it is no longer ready. */
  markDeleting(uri: string, holder: ProcessIdentity): boolean {
    return this.statements.markDeleting.run({ uri, pid: holder.pid, startTime: holder.startTime }).changes === 1;
  }

  /** Drops a ready row whose directory vanished; false when someone else already did. */
  deleteIfReady(uri: string): boolean {
    return this.statements.deleteIfReady.run(uri).changes === 1;
  }

  /**
   * Makes `holder` the creator of a URI whose previous holder died, only if the row
   * is still exactly as seen, so two processes noticing the same corpse don't both win.
   */
  takeOver(stale: UriRow, holder: ProcessIdentity, now: number): boolean {
    return (
      this.statements.takeOver.run({
        uri: stale.uri,
        oldState: stale.state,
        oldPid: stale.holder_pid,
        oldStartTime: stale.holder_start_time,
        pid: holder.pid,
        startTime: holder.startTime,
        now,
      }).changes === 1
    );
  }

  delete(uri: string): void {
    this.statements.delete.run(uri);
  }

  touch(uri: string, now: number): void {
    this.statements.touch.run(now, uri);
  }

  setPinned(uri: string, pinned: boolean): void {
    this.statements.setPinned.run(pinned ? 1 : 0, uri);
  }

  transaction<T>(work: () => T): T {
    return this.database.transaction(work).immediate();
  }
}
