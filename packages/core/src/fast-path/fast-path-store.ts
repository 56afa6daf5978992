import { createHash } from 'node:crypto';
import { canonicalJson } from '../document/canonical-json.js';
import type { StateDatabase } from '../engine/store/state-database.js';
import type { LoadedFile } from './loaded-file.js';
import type { PluginIdentity } from '@runtime-env/plugin-api';

/**
 * The key of a raw document in the fast-path records: the SHA-256 of its canonical
 * JSON, so key order and whitespace do not matter but every value the caller wrote does.
 */
export function documentKeyOf(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/** The plugin an environment launches through, as the engine loaded it: the fast path imports its launch module alone. */
export interface FastPathLauncher {
  /** The config entry it was loaded from (`LoadedPlugin.source`). */
  source: string;
  /** Its package's light launch module (a `file:` URL, the `"./launch"` export), which exports `launch`. */
  launchModuleUrl: string;
  /** The options the engine parsed, as JSON (absent when the plugin got none): passed as `ctx.options` without parsing again. */
  optionsJson?: string;
}

/**
 * A field whose keys do not come from its spec alone, recorded with what re-checks it: the same URIs
 * from its package's launch module mean the document still names this environment.
 */
export interface FastPathRecheck {
  field: string;
  /** The field's plugin package when recorded: with the module's keys, it makes the URIs compared. */
  identity: PluginIdentity;
  /** The package's launch module (a `file:` URL), which exports `hash`. */
  launchModuleUrl: string;
  optionsJson?: string;
  /** The field's normalized spec (JSON), as the module's `hash` takes it. */
  spec: unknown;
  uris: string[];
}

/**
 * One row of `fast_path_records`: (scope, raw document) → environment, written by
 * the engine once a document's environment is ready and nothing but the document
 * and the files it loaded decided it. Rows go with their environment (foreign key),
 * so a hit always names an environment that exists.
 */
export interface FastPathRecord {
  environmentId: string;
  /** The files whose content the record holds for: the config, the plugin modules, the core's own. */
  loadedFiles: LoadedFile[];
  /** Set when the environment's context names a launcher plugin with a launch module the engine read. */
  launcher: FastPathLauncher | undefined;
  /** Empty when every field's keys come from its spec alone. */
  rechecks: FastPathRecheck[];
}

export class FastPathStore {
  private readonly statements;

  constructor(database: StateDatabase) {
    this.statements = {
      // Only for an environment that still exists: one in another process's
      // garbage collection may have gone since it was referenced. An unchanged row is left alone.
      record: database.prepare<{
        scope: string;
        key: string;
        environmentId: string;
        now: number;
        loadedFilesJson: string;
        launcherJson: string | null;
        rechecksJson: string | null;
      }>(
        `INSERT INTO fast_path_records (scope, document_sha256, environment_id, created_at, loaded_files_json, launcher_json, rechecks_json)
         SELECT @scope, @key, @environmentId, @now, @loadedFilesJson, @launcherJson, @rechecksJson WHERE EXISTS (SELECT 1 FROM environments WHERE id = @environmentId)
         ON CONFLICT (scope, document_sha256) DO UPDATE SET environment_id = excluded.environment_id, created_at = excluded.created_at,
             loaded_files_json = excluded.loaded_files_json, launcher_json = excluded.launcher_json, rechecks_json = excluded.rechecks_json
           WHERE environment_id != excluded.environment_id OR loaded_files_json != excluded.loaded_files_json
             OR launcher_json IS NOT excluded.launcher_json OR rechecks_json IS NOT excluded.rechecks_json`,
      ),
      lookup: database.prepare<
        [string, string],
        { environment_id: string; loaded_files_json: string; launcher_json: string | null; rechecks_json: string | null }
      >('SELECT environment_id, loaded_files_json, launcher_json, rechecks_json FROM fast_path_records WHERE scope = ? AND document_sha256 = ?'),
    };
  }

  /** False when the environment no longer exists (or the row was already there, unchanged). */
  record(scope: string, documentKey: string, now: number, record: FastPathRecord): boolean {
    return (
      this.statements.record.run({
        scope,
        key: documentKey,
        environmentId: record.environmentId,
        now,
        loadedFilesJson: JSON.stringify(record.loadedFiles),
        launcherJson: record.launcher ? JSON.stringify(record.launcher) : null,
        rechecksJson: record.rechecks.length > 0 ? JSON.stringify(record.rechecks) : null,
      }).changes === 1
    );
  }

  /** The record, or undefined when there is none or this core cannot read it (the engine's path then records it again). */
  lookup(scope: string, documentKey: string): FastPathRecord | undefined {
    const row = this.statements.lookup.get(scope, documentKey);
    if (!row) return undefined;
    const loadedFiles = loadedFilesOf(parsedJson(row.loaded_files_json));
    const launcher = row.launcher_json === null ? undefined : launcherOf(parsedJson(row.launcher_json));
    const rechecks = row.rechecks_json === null ? [] : rechecksOf(parsedJson(row.rechecks_json));
    if (!loadedFiles || launcher === null || !rechecks) return undefined;
    return { environmentId: row.environment_id, loadedFiles, launcher, rechecks };
  }
}

/** A JSON column's value, or undefined when it does not parse. */
function parsedJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

function loadedFilesOf(stored: unknown): LoadedFile[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const files = stored as Partial<LoadedFile>[];
  return files.every(
    (file) => isString(file?.path) && isString(file.sha256) && typeof file.size === 'number' && (file.stamp === undefined || isString(file.stamp)),
  )
    ? (files as LoadedFile[])
    : undefined;
}

/** Null when the column holds something this core cannot read. */
function launcherOf(stored: unknown): FastPathLauncher | null {
  const value = (stored ?? {}) as Partial<FastPathLauncher>;
  if (!isString(value.source) || !isString(value.launchModuleUrl)) return null;
  if (value.optionsJson !== undefined && !isString(value.optionsJson)) return null;
  return value as FastPathLauncher;
}

function rechecksOf(stored: unknown): FastPathRecheck[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  for (const entry of stored as Partial<FastPathRecheck>[]) {
    if (!isString(entry?.field) || !isString(entry.identity?.name) || !isString(entry.identity.version) || !isString(entry.launchModuleUrl)) return undefined;
    if (entry.optionsJson !== undefined && !isString(entry.optionsJson)) return undefined;
    if (!Array.isArray(entry.uris) || !entry.uris.every(isString)) return undefined;
  }
  return stored as FastPathRecheck[];
}
