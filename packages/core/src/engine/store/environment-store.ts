import type { EnvironmentState } from '../manager-types.js';
import type { ProcessIdentity } from '@runtime-env/plugin-api';
import type { FastPathFiles } from '../../fast-path/fast-path-files.js';
import type { StateDatabase } from './state-database.js';

export interface EnvironmentRow {
  id: string;
  runtime_env_json: string;
  /** The document's field names, a JSON array in its order. */
  fields_json: string;
  config_json: string;
  state: EnvironmentState;
  error_json: string | null;
  failed_at: number | null;
  setup_log_path: string;
  context_json: string | null;
  pinned: 0 | 1;
  created_at: number;
  last_used_at: number;
  creation_ms: number | null;
  holder_pid: number | null;
  holder_start_time: string | null;
}

export interface EnvironmentUriRow {
  environment_id: string;
  position: number;
  plugin: string;
  uri: string;
}

export interface NewEnvironment {
  id: string;
  runtimeEnvJson: string;
  /** The document's field names, so a listing reads no document. */
  fields: readonly string[];
  configJson: string;
  setupLogPath: string;
  uris: readonly { plugin: string; uri: string }[];
}

/**
 * The `environments` and `environment_uris` tables. Every change that takes an
 * environment out of `ready` also removes its fast-path file (the tombstone, see
 * fast-path-files.ts), after the statement: a recorder writes that file only in a
 * write transaction that sees the environment ready, so it either wrote before
 * (and the file goes now) or sees the change (and writes nothing).
 */
export class EnvironmentStore {
  private readonly statements;

  constructor(
    private readonly database: StateDatabase,
    private readonly fastPathFiles?: FastPathFiles,
  ) {
    this.statements = {
      get: database.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE id = ?'),
      all: database.prepare<[], EnvironmentRow>('SELECT * FROM environments ORDER BY created_at, id'),
      urisOf: database.prepare<[string], EnvironmentUriRow>('SELECT * FROM environment_uris WHERE environment_id = ? ORDER BY position'),
      allUris: database.prepare<[], EnvironmentUriRow>('SELECT * FROM environment_uris ORDER BY environment_id, position'),
      environmentsNeeding: database.prepare<[string], { environment_id: string }>('SELECT environment_id FROM environment_uris WHERE uri = ?'),
      upsertCreating: database.prepare(
        `INSERT INTO environments (id, runtime_env_json, fields_json, config_json, state, setup_log_path, created_at, last_used_at, holder_pid, holder_start_time)
         VALUES (@id, @runtimeEnvJson, @fieldsJson, @configJson, 'creating', @setupLogPath, @now, @now, @pid, @startTime)
         ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json, state = 'creating', error_json = NULL, failed_at = NULL,
           context_json = NULL, holder_pid = excluded.holder_pid, holder_start_time = excluded.holder_start_time`,
      ),
      deleteUris: database.prepare<[string]>('DELETE FROM environment_uris WHERE environment_id = ?'),
      insertUri: database.prepare<[string, number, string, string]>(
        'INSERT OR IGNORE INTO environment_uris (environment_id, position, plugin, uri) VALUES (?, ?, ?, ?)',
      ),
      markReady: database.prepare(
        `UPDATE environments SET state = 'ready', context_json = @contextJson, creation_ms = @creationMs, last_used_at = @now,
           holder_pid = NULL, holder_start_time = NULL WHERE id = @id`,
      ),
      markFailed: database.prepare(
        `UPDATE environments SET state = 'failed', error_json = @errorJson, failed_at = @now, holder_pid = NULL, holder_start_time = NULL
         WHERE id = @id`,
      ),
      markNeedsRebuild: database.prepare<[string]>(
        `UPDATE environments SET state = 'creating', context_json = NULL, holder_pid = NULL, holder_start_time = NULL WHERE id = ?`,
      ),
      touch: database.prepare<[number, string]>('UPDATE environments SET last_used_at = max(last_used_at, ?) WHERE id = ?'),
      setPinned: database.prepare<[number, string]>('UPDATE environments SET pinned = ? WHERE id = ?'),
      delete: database.prepare<[string]>('DELETE FROM environments WHERE id = ?'),
      failedIds: database.prepare<[], { id: string }>(`SELECT id FROM environments WHERE state = 'failed'`),
    };
  }

  get(id: string): EnvironmentRow | undefined {
    return this.statements.get.get(id);
  }

  all(): EnvironmentRow[] {
    return this.statements.all.all();
  }

  urisOf(id: string): EnvironmentUriRow[] {
    return this.statements.urisOf.all(id);
  }

  allUris(): EnvironmentUriRow[] {
    return this.statements.allUris.all();
  }

  environmentsNeeding(uri: string): string[] {
    return this.statements.environmentsNeeding.all(uri).map((row) => row.environment_id);
  }

  /** Records (or resets) an environment as being created by `holder`, with its URIs. */
  beginCreating(environment: NewEnvironment, holder: ProcessIdentity, now: number): void {
    this.database
      .transaction(() => {
        const { fields, uris: _uris, ...columns } = environment;
        this.statements.upsertCreating.run({ ...columns, fieldsJson: JSON.stringify(fields), now, pid: holder.pid, startTime: holder.startTime });
        this.statements.deleteUris.run(environment.id);
        for (const [position, { plugin, uri }] of environment.uris.entries()) this.statements.insertUri.run(environment.id, position, plugin, uri);
      })
      .immediate();
    this.fastPathFiles?.forgetEnvironment(environment.id);
  }

  markReady(id: string, contextJson: string, creationMs: number, now: number): void {
    this.statements.markReady.run({ id, contextJson, creationMs: Math.round(creationMs), now });
  }

  markFailed(id: string, errorJson: string, now: number): void {
    this.statements.markFailed.run({ id, errorJson, now });
    this.fastPathFiles?.forgetEnvironment(id);
  }

  /** A URI it needs is gone: the environment is built again when next asked for. */
  markNeedsRebuild(id: string): void {
    this.statements.markNeedsRebuild.run(id);
    this.fastPathFiles?.forgetEnvironment(id);
  }

  touch(id: string, now: number): void {
    this.statements.touch.run(now, id);
  }

  setPinned(id: string, pinned: boolean): void {
    this.statements.setPinned.run(pinned ? 1 : 0, id);
  }

  /** Deletes the record, its URI list and its references. */
  delete(id: string): void {
    this.statements.delete.run(id);
    this.fastPathFiles?.forgetEnvironment(id);
  }

  failedIds(): string[] {
    return this.statements.failedIds.all().map((row) => row.id);
  }
}
