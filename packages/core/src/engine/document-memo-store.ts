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
export class DocumentMemoStore {
  private readonly statements;

  constructor(database: StateDatabase) {
    this.statements = {
      // Only for an environment that still exists: one in another process's
      // garbage collection may have gone since it was referenced.
      record: database.prepare<{ namespace: string; key: string; environmentId: string; now: number }>(
        `INSERT INTO document_memo (namespace, document_sha256, environment_id, created_at)
         SELECT @namespace, @key, @environmentId, @now WHERE EXISTS (SELECT 1 FROM environments WHERE id = @environmentId)
         ON CONFLICT (namespace, document_sha256) DO UPDATE SET environment_id = excluded.environment_id, created_at = excluded.created_at
           WHERE environment_id != excluded.environment_id`,
      ),
      lookup: database.prepare<[string, string], { environment_id: string }>(
        'SELECT environment_id FROM document_memo WHERE namespace = ? AND document_sha256 = ?',
      ),
    };
  }

  /** False when the environment no longer exists (or the entry was already there). */
  record(namespace: string, documentKey: string, environmentId: string, now: number): boolean {
    return this.statements.record.run({ namespace, key: documentKey, environmentId, now }).changes === 1;
  }

  lookup(namespace: string, documentKey: string): string | undefined {
    return this.statements.lookup.get(namespace, documentKey)?.environment_id;
  }
}
