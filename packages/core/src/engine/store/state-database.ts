import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type DatabaseConstructor from 'better-sqlite3';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import { makePrivateFile, tightenFiles } from './private-files.js';

let databaseClass: typeof DatabaseConstructor | undefined;
let nativeBinding: string | undefined;

/**
 * better-sqlite3, loaded when a database is first opened: a command that imports
 * the core but opens none (`rtenv validate`, `hash`, `pack`) does not load the
 * native module. It is CommonJS: `require` skips the scan of its exports that an
 * ESM import runs first (about 8 ms, measured when the cached `rtenv run` still opened SQLite). Its addon is named
 * by path where its install script builds or downloads it, which skips the
 * `bindings` package and its search of a dozen folders (about 2 ms); an addon
 * elsewhere is still found by that search.
 */
function openDatabaseFile(path: string, options: DatabaseConstructor.Options): StateDatabase {
  if (!databaseClass) {
    databaseClass = createRequire(import.meta.url)('better-sqlite3') as typeof DatabaseConstructor;
    const addon = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    nativeBinding = existsSync(addon) ? addon : undefined;
  }
  return new databaseClass(path, nativeBinding ? { ...options, nativeBinding } : options);
}

export type StateDatabase = DatabaseConstructor.Database;

/**
 * The schema in steps; the `schema_version` table says which have run. A data
 * directory made by an older core must open with a newer one: add a step, never
 * edit one that shipped.
 */
const BASE_SCHEMA = `
  CREATE TABLE uris (
    uri TEXT PRIMARY KEY,
    plugin TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'failed', 'deleting')),
    path TEXT NOT NULL,
    size_bytes INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    creation_ms INTEGER,
    pinned INTEGER NOT NULL DEFAULT 0,
    holder_pid INTEGER,
    holder_start_time TEXT,
    lock_json TEXT,
    details_json TEXT
  );
  CREATE TABLE environments (
    id TEXT PRIMARY KEY,
    runtime_env_json TEXT NOT NULL,
    config_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'failed')),
    error_json TEXT,
    failed_at INTEGER,
    setup_log_path TEXT NOT NULL,
    context_json TEXT,
    pinned INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    creation_ms INTEGER,
    holder_pid INTEGER,
    holder_start_time TEXT
  );
  CREATE TABLE environment_uris (
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    plugin TEXT NOT NULL,
    uri TEXT NOT NULL,
    PRIMARY KEY (environment_id, uri)
  );
  CREATE INDEX environment_uris_by_uri ON environment_uris(uri);
  CREATE TABLE environment_references (
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    expires_at INTEGER,
    pid INTEGER,
    pid_start_time TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (environment_id, owner)
  );
  `;

/**
 * The fast path's records (`@runtime-env/core/fast-path`): which environment a raw
 * document named, per scope, with the files the engine loaded then. Rows go with
 * their environment.
 */
const FAST_PATH_SCHEMA = `
  CREATE TABLE fast_path_records (
    scope TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    loaded_files_json TEXT NOT NULL,
    launcher_json TEXT,
    rechecks_json TEXT,
    PRIMARY KEY (scope, document_sha256)
  );
  CREATE INDEX fast_path_records_by_environment ON fast_path_records(environment_id);
  `;

/**
 * Plugin API v2: a URI's key and the normalized spec it was created from, which
 * garbage collection hands to `delete`. Null in rows made before: those URIs are
 * removed without the plugin's `delete`.
 */
const URI_KEY_SCHEMA = `
  ALTER TABLE uris ADD COLUMN key TEXT;
  ALTER TABLE uris ADD COLUMN spec_json TEXT;
  `;

/**
 * Each environment's field names (a JSON array, document order), so listing
 * 10,000 environments for a table reads no document: the documents of
 * existing rows are read once here, by SQLite.
 */
const FIELD_NAMES_SCHEMA = `
  ALTER TABLE environments ADD COLUMN fields_json TEXT NOT NULL DEFAULT '[]';
  UPDATE environments SET fields_json = (SELECT json_group_array(key) FROM json_each(environments.runtime_env_json));
  `;

/**
 * The fast path's records left the database for private files (`<data>/fast-path/`,
 * see fast-path-files.ts), which a cached run reads without opening SQLite.
 */
const FAST_PATH_TABLE_DROPPED_SCHEMA = `
  DROP INDEX IF EXISTS fast_path_records_by_environment;
  DROP TABLE IF EXISTS fast_path_records;
  `;

/** The version of the base schema alone, with the fast path's table, with the URIs' keys, and with the field names. */
const BASE_SCHEMA_VERSION = 1;
const FAST_PATH_SCHEMA_VERSION = 6;
const URI_KEY_SCHEMA_VERSION = 7;
const FIELD_NAMES_SCHEMA_VERSION = 8;

/**
 * The schema version this core writes; an older database is migrated by
 * `openStateDatabase`, a newer one refused.
 *
 * Versions 2 to 5 were four steps of an earlier table for the fast path
 * (`document_memo`); version 6 replaces them with one. A database at 2 to 5 is
 * migrated: its environments, URIs and references are kept, its old fast-path
 * rows are dropped (they lack the loaded files the fast path now re-checks), and
 * each document takes the engine's path once more, which records it again.
 * Version 7 adds each URI's key and spec (plugin API v2); version 8 each
 * environment's field names. Version 9 drops the fast path's table: its records
 * are files now. A database at 6 to 8 is migrated; its fast-path rows are dropped,
 * and each document takes the engine's path once more, which records it again.
 */
export const STATE_SCHEMA_VERSION = 9;

export function openStateDatabase(path: string): StateDatabase {
  let database: StateDatabase;
  try {
    // Made 0600 first: SQLite gives its -wal and -shm files the database file's mode.
    makePrivateFile(path);
    database = openDatabaseFile(path, { timeout: 10_000 });
  } catch (error) {
    throw new RuntimeEnvError('state_database_unavailable', `cannot open the state database "${path}": ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the data directory exists and is writable',
    });
  }
  // Several processes may open a new data directory at once: switching a new file to
  // WAL and creating its schema can meet SQLITE_BUSY without SQLite's busy wait.
  retryWhileBusy(() => database.pragma('journal_mode = WAL'));
  // Those of a database made before its file was private are tightened too.
  tightenFiles([`${path}-wal`, `${path}-shm`]);
  applyConnectionSettings(database);
  retryWhileBusy(() => migrate(database));
  return database;
}

const busyRetryMs = 10_000;

/** Runs `step` again while another connection holds the lock it needs, up to the connection's own timeout. */
function retryWhileBusy<T>(step: () => T): T {
  const deadline = Date.now() + busyRetryMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return step();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || Date.now() > deadline) throw error;
      // A short, growing, jittered pause (synchronous: opening the database is synchronous).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(200, 10 * 2 ** Math.min(attempt, 4)) + Math.random() * 10);
    }
  }
}

/** Per-connection settings; WAL mode itself is stored in the file by `openStateDatabase`. */
function applyConnectionSettings(database: StateDatabase): void {
  // WAL with NORMAL survives process crashes; only a power loss may drop the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
}

function migrate(database: StateDatabase): void {
  database.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  database
    .transaction(() => {
      const row = database.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
      const current = row.version ?? 0;
      if (current > STATE_SCHEMA_VERSION) {
        throw new RuntimeEnvError(
          'state_database_too_new',
          `the state database has schema version ${current}, newer than this core understands (${STATE_SCHEMA_VERSION})`,
          {
            hint: 'upgrade @runtime-env/core, or use another data directory',
          },
        );
      }
      const applied = (version: number): void => void database.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
      if (current < BASE_SCHEMA_VERSION) {
        database.exec(BASE_SCHEMA);
        applied(BASE_SCHEMA_VERSION);
      }
      if (current < FAST_PATH_SCHEMA_VERSION) {
        database.exec('DROP TABLE IF EXISTS document_memo');
        database.exec(FAST_PATH_SCHEMA);
        applied(FAST_PATH_SCHEMA_VERSION);
      }
      if (current < URI_KEY_SCHEMA_VERSION) {
        database.exec(URI_KEY_SCHEMA);
        applied(URI_KEY_SCHEMA_VERSION);
      }
      if (current < FIELD_NAMES_SCHEMA_VERSION) {
        database.exec(FIELD_NAMES_SCHEMA);
        applied(FIELD_NAMES_SCHEMA_VERSION);
      }
      if (current < STATE_SCHEMA_VERSION) {
        database.exec(FAST_PATH_TABLE_DROPPED_SCHEMA);
        applied(STATE_SCHEMA_VERSION);
      }
    })
    .immediate();
}
