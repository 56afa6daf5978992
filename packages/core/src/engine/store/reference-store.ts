import type { StateDatabase } from './state-database.js';

export interface ReferenceRow {
  environment_id: string;
  owner: string;
  expires_at: number | null;
  pid: number | null;
  pid_start_time: string | null;
  created_at: number;
}

export interface NewReference {
  environmentId: string;
  owner: string;
  expiresAt: number | null;
  pid: number | null;
  pidStartTime: string | null;
}

/** The `environment_references` table: who holds which environment, until when. */
export class ReferenceStore {
  private readonly statements;

  constructor(database: StateDatabase) {
    this.statements = {
      // One statement both checks that the environment is still ready and records the
      // holder, so a concurrent garbage collection in another process cannot slip in between.
      addIfReady: database.prepare(
        `INSERT INTO environment_references (environment_id, owner, expires_at, pid, pid_start_time, created_at)
         SELECT @environmentId, @owner, @expiresAt, @pid, @pidStartTime, @now
         WHERE EXISTS (SELECT 1 FROM environments WHERE id = @environmentId AND state = 'ready')
         ON CONFLICT (environment_id, owner) DO UPDATE SET expires_at = excluded.expires_at, pid = excluded.pid,
           pid_start_time = excluded.pid_start_time`,
      ),
      delete: database.prepare<[string, string]>('DELETE FROM environment_references WHERE environment_id = ? AND owner = ?'),
      // A lease that already lapsed is gone even if no collection has deleted its row yet.
      renew: database.prepare<[number, string, string, number]>(
        'UPDATE environment_references SET expires_at = ? WHERE environment_id = ? AND owner = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      of: database.prepare<[string], ReferenceRow>('SELECT * FROM environment_references WHERE environment_id = ?'),
      all: database.prepare<[], ReferenceRow>('SELECT * FROM environment_references'),
    };
  }

  /** False when the environment is not (or no longer) ready. */
  addIfReady(reference: NewReference, now: number): boolean {
    return this.statements.addIfReady.run({ ...reference, now }).changes === 1;
  }

  delete(environmentId: string, owner: string): boolean {
    return this.statements.delete.run(environmentId, owner).changes === 1;
  }

  renew(environmentId: string, owner: string, expiresAt: number, now: number): boolean {
    return this.statements.renew.run(expiresAt, environmentId, owner, now).changes === 1;
  }

  of(environmentId: string): ReferenceRow[] {
    return this.statements.of.all(environmentId);
  }

  all(): ReferenceRow[] {
    return this.statements.all.all();
  }
}
