import { createHash } from 'node:crypto';
import { canonicalJson } from '../document/canonical-json.js';
import type { StateDatabase } from './state-database.js';

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
}

export interface DocumentMemoEntry {
  environmentId: string;
  /** Set when the environment's context names a launcher plugin and the engine knew its entry. */
  launcher: DocumentMemoLauncher | undefined;
}

export class DocumentMemoStore {
  private readonly statements;

  constructor(database: StateDatabase) {
    this.statements = {
      // Only for an environment that still exists: one in another process's
      // garbage collection may have gone since it was referenced. A row whose
      // launcher is unknown (recorded by an older core) or changed is rewritten.
      record: database.prepare<{ namespace: string; key: string; environmentId: string; now: number; launcherSource: string | null; launcherVersion: string | null }>(
        `INSERT INTO document_memo (namespace, document_sha256, environment_id, created_at, launcher_source, launcher_version)
         SELECT @namespace, @key, @environmentId, @now, @launcherSource, @launcherVersion WHERE EXISTS (SELECT 1 FROM environments WHERE id = @environmentId)
         ON CONFLICT (namespace, document_sha256) DO UPDATE SET environment_id = excluded.environment_id, created_at = excluded.created_at,
             launcher_source = excluded.launcher_source, launcher_version = excluded.launcher_version
           WHERE environment_id != excluded.environment_id
             OR launcher_source IS NOT excluded.launcher_source OR launcher_version IS NOT excluded.launcher_version`,
      ),
      lookup: database.prepare<[string, string], { environment_id: string; launcher_source: string | null; launcher_version: string | null }>(
        'SELECT environment_id, launcher_source, launcher_version FROM document_memo WHERE namespace = ? AND document_sha256 = ?',
      ),
    };
  }

  /** False when the environment no longer exists (or the entry was already there, unchanged). */
  record(namespace: string, documentKey: string, environmentId: string, now: number, launcher?: DocumentMemoLauncher): boolean {
    const launcherFields = { launcherSource: launcher?.source ?? null, launcherVersion: launcher?.version ?? null };
    return this.statements.record.run({ namespace, key: documentKey, environmentId, now, ...launcherFields }).changes === 1;
  }

  lookup(namespace: string, documentKey: string): DocumentMemoEntry | undefined {
    const row = this.statements.lookup.get(namespace, documentKey);
    if (!row) return undefined;
    const launcher = row.launcher_source !== null && row.launcher_version !== null ? { source: row.launcher_source, version: row.launcher_version } : undefined;
    return { environmentId: row.environment_id, launcher };
  }
}
