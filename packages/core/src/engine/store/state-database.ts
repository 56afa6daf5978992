import { createRequire } from 'node:module';
import type DatabaseConstructor from 'better-sqlite3';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import { makePrivateFile, tightenFiles } from './private-files.js';

// better-sqlite3 is CommonJS: `require` skips the scan of its exports that an ESM
// import runs first (about 8 ms of a cached `rtenv run` on the development machine).
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof DatabaseConstructor;

export type StateDatabase = DatabaseConstructor.Database;

/**
 * Each entry moves the schema one version up; the `schema_version` table says
 * which have run. Append new migrations, never edit old ones: a data directory
 * made by an older core must open with a newer one.
 */
const MIGRATIONS: readonly string[] = [
  `
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
  `,
  // The document memo: which environment a raw document (as a caller gave it) named,
  // per namespace (the caller's plugins and config). Rows go with their environment.
  `
  CREATE TABLE document_memo (
    namespace TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (namespace, document_sha256)
  );
  CREATE INDEX document_memo_by_environment ON document_memo(environment_id);
  `,
  // Which config entry (and version) provides the launcher an environment names, so a
  // process can import that one plugin alone to launch it. Null: no launcher, or a row
  // recorded before this version (the engine's path records it again).
  `
  ALTER TABLE document_memo ADD COLUMN launcher_source TEXT;
  ALTER TABLE document_memo ADD COLUMN launcher_version TEXT;
  `,
  // The launcher's light module (its \`launchModule\`), that file's digest and the
  // options the engine parsed, as JSON: a process can then launch without the plugin.
  `
  ALTER TABLE document_memo ADD COLUMN launcher_module_json TEXT;
  `,
  // Fields whose hash is not pure but which a launch module can re-check (an image
  // tag): their module, normalized spec and URIs, as JSON. Null: every field is pure.
  `
  ALTER TABLE document_memo ADD COLUMN rechecks_json TEXT;
  `,
  // Plugin API v2: a URI's key and the normalized spec it was created from, which
  // garbage collection hands to \`delete\`. Null in rows made before: those URIs
  // are removed without the plugin's \`delete\`.
  `
  ALTER TABLE uris ADD COLUMN key TEXT;
  ALTER TABLE uris ADD COLUMN spec_json TEXT;
  `,
];

/** The schema version this core writes; a database at another version is migrated (or refused) by `openStateDatabase`. */
export const STATE_SCHEMA_VERSION = MIGRATIONS.length;

export function openStateDatabase(path: string): StateDatabase {
  let database: StateDatabase;
  try {
    // Made 0600 first: SQLite gives its -wal and -shm files the database file's mode.
    makePrivateFile(path);
    database = new Database(path, { timeout: 10_000 });
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

/**
 * Opens a database some engine already made, as it is: no directory, file or
 * migration is created, so a light reader (`@runtime-env/core/cached-run`) never
 * writes a schema. Undefined when there is no database or its schema version is
 * not exactly this core's; the caller then goes through `openStateDatabase`.
 */
export function openCurrentStateDatabase(path: string): StateDatabase | undefined {
  let database: StateDatabase;
  try {
    database = new Database(path, { timeout: 10_000, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    const row = database.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
    if (row.version !== STATE_SCHEMA_VERSION) {
      database.close();
      return undefined;
    }
    applyConnectionSettings(database);
    return database;
  } catch {
    database.close();
    return undefined;
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
      if (current > MIGRATIONS.length) {
        throw new RuntimeEnvError(
          'state_database_too_new',
          `the state database has schema version ${current}, newer than this core understands (${MIGRATIONS.length})`,
          { hint: 'upgrade @runtime-env/core, or use another data directory' },
        );
      }
      for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
        database.exec(MIGRATIONS[version - 1]!);
        database.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
      }
    })
    .immediate();
}
