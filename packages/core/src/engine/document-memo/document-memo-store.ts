import { createHash } from 'node:crypto';
import { canonicalJson } from '../../document/canonical-json.js';
import type { PluginIdentity } from '@runtime-env/plugin-api';
import type { StateDatabase } from '../store/state-database.js';

/**
 * The key of a raw document in the memo: the SHA-256 of its canonical JSON, so key
 * order and whitespace do not matter but every value the caller wrote does.
 */
export function documentMemoKeyOf(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/**
 * The `document_memo` table: (namespace, raw document) → environment id, written
 * by the engine once a document's environment is ready and nothing but the
 * document decided it. It lets a process that has not loaded any plugin find the
 * environment (`@runtime-env/core/cached-run`). Rows are deleted with their
 * environment (foreign key), so a hit always names an environment that exists.
 */
export interface DocumentMemoLauncher {
  /** The config entry the launcher plugin was loaded from (`LoadedPlugin.source`). */
  source: string;
  /** The launcher plugin's version when the row was recorded. */
  version: string;
  /** Its `launchModule`, when it has one and its options survive JSON. */
  module?: DocumentMemoLaunchModule;
}

/** What a process needs to launch through a plugin's `launchModule` without loading the plugin. */
export interface DocumentMemoLaunchModule {
  /** The module's `file:` URL. */
  url: string;
  /** SHA-256 of the module file when recorded: a rebuilt module is not trusted with these options. */
  sha256: string;
  /** The plugin's parsed options as JSON; absent when the plugin got none. */
  optionsJson?: string;
}

/**
 * A field whose hash is not pure, recorded with what re-checks it: the same URIs
 * from its plugin's launch module mean the document still names this environment.
 */
export interface DocumentMemoRecheck {
  field: string;
  /** The field's plugin package when recorded: with the module's keys, it makes the URIs compared. */
  identity: PluginIdentity;
  module: DocumentMemoLaunchModule;
  /** The field's normalized spec (JSON), as the module's `hash` takes it. */
  spec: unknown;
  uris: string[];
}

export interface DocumentMemoEntry {
  environmentId: string;
  /** Set when the environment's context names a launcher plugin and the engine knew its entry. */
  launcher: DocumentMemoLauncher | undefined;
  /** Empty when every field of the document hashes purely. */
  rechecks: DocumentMemoRecheck[];
}

export class DocumentMemoStore {
  private readonly statements;

  constructor(database: StateDatabase) {
    this.statements = {
      // Only for an environment that still exists: one in another process's
      // garbage collection may have gone since it was referenced. A row whose
      // launcher is unknown (recorded by an older core) or changed is rewritten.
      record: database.prepare<{
        namespace: string;
        key: string;
        environmentId: string;
        now: number;
        launcherSource: string | null;
        launcherVersion: string | null;
        launcherModuleJson: string | null;
        rechecksJson: string | null;
      }>(
        `INSERT INTO document_memo (namespace, document_sha256, environment_id, created_at, launcher_source, launcher_version, launcher_module_json, rechecks_json)
         SELECT @namespace, @key, @environmentId, @now, @launcherSource, @launcherVersion, @launcherModuleJson, @rechecksJson WHERE EXISTS (SELECT 1 FROM environments WHERE id = @environmentId)
         ON CONFLICT (namespace, document_sha256) DO UPDATE SET environment_id = excluded.environment_id, created_at = excluded.created_at,
             launcher_source = excluded.launcher_source, launcher_version = excluded.launcher_version, launcher_module_json = excluded.launcher_module_json,
             rechecks_json = excluded.rechecks_json
           WHERE environment_id != excluded.environment_id
             OR launcher_source IS NOT excluded.launcher_source OR launcher_version IS NOT excluded.launcher_version
             OR launcher_module_json IS NOT excluded.launcher_module_json OR rechecks_json IS NOT excluded.rechecks_json`,
      ),
      lookup: database.prepare<
        [string, string],
        { environment_id: string; launcher_source: string | null; launcher_version: string | null; launcher_module_json: string | null; rechecks_json: string | null }
      >('SELECT environment_id, launcher_source, launcher_version, launcher_module_json, rechecks_json FROM document_memo WHERE namespace = ? AND document_sha256 = ?'),
    };
  }

  /** False when the environment no longer exists (or the entry was already there, unchanged). */
  record(namespace: string, documentKey: string, environmentId: string, now: number, launcher?: DocumentMemoLauncher, rechecks: readonly DocumentMemoRecheck[] = []): boolean {
    const launcherFields = {
      launcherSource: launcher?.source ?? null,
      launcherVersion: launcher?.version ?? null,
      launcherModuleJson: launcher?.module ? JSON.stringify(launcher.module) : null,
      rechecksJson: rechecks.length > 0 ? JSON.stringify(rechecks) : null,
    };
    return this.statements.record.run({ namespace, key: documentKey, environmentId, now, ...launcherFields }).changes === 1;
  }

  lookup(namespace: string, documentKey: string): DocumentMemoEntry | undefined {
    const row = this.statements.lookup.get(namespace, documentKey);
    if (!row) return undefined;
    const module = row.launcher_module_json === null ? undefined : launchModuleOf(parsedJson(row.launcher_module_json));
    const launcher =
      row.launcher_source !== null && row.launcher_version !== null ? { source: row.launcher_source, version: row.launcher_version, ...(module ? { module } : {}) } : undefined;
    const rechecks = row.rechecks_json === null ? [] : rechecksOf(parsedJson(row.rechecks_json));
    // A row this core cannot read is a miss: the engine's path records it again.
    if (rechecks === undefined) return undefined;
    return { environmentId: row.environment_id, launcher, rechecks };
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

/** A stored launch module, or undefined when the row holds something this core cannot read (then the plugin is imported). */
function launchModuleOf(stored: unknown): DocumentMemoLaunchModule | undefined {
  const value = (stored ?? {}) as Partial<DocumentMemoLaunchModule>;
  if (typeof value.url !== 'string' || typeof value.sha256 !== 'string') return undefined;
  if (value.optionsJson !== undefined && typeof value.optionsJson !== 'string') return undefined;
  return { url: value.url, sha256: value.sha256, ...(value.optionsJson !== undefined ? { optionsJson: value.optionsJson } : {}) };
}

function rechecksOf(stored: unknown): DocumentMemoRecheck[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const rechecks: DocumentMemoRecheck[] = [];
  for (const entry of stored as Partial<DocumentMemoRecheck>[]) {
    const module = launchModuleOf(entry?.module);
    const identity = entry?.identity;
    if (typeof entry?.field !== 'string' || typeof identity?.name !== 'string' || typeof identity.version !== 'string' || !module) return undefined;
    if (!Array.isArray(entry.uris) || !entry.uris.every((uri) => typeof uri === 'string')) return undefined;
    rechecks.push({ field: entry.field, identity: { name: identity.name, version: identity.version }, module, spec: entry.spec, uris: entry.uris });
  }
  return rechecks;
}
