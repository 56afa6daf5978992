import type { EnvironmentState, EnvironmentSummary } from '../manager-types.js';
import type { FastPathFiles } from '../../fast-path/fast-path-files.js';
import { liveLeases } from '../../fast-path/fast-path-leases.js';
import { isReferenceLive } from '../references/reference-liveness.js';
import type { ReferenceRow } from './reference-store.js';
import type { StateDatabase } from './state-database.js';

interface SummaryRow {
  id: string;
  fields_json: string;
  state: EnvironmentState;
  pinned: 0 | 1;
  created_at: number;
  last_used_at: number;
  creation_ms: number | null;
  size_bytes: number;
  /** References without a process whose lease (if any) has not run out: live without asking the system. */
  lease_references: number;
}

interface SummaryParameters {
  now: number;
  state: EnvironmentState | null;
  plugin: string | null;
}

const iso = (milliseconds: number): string => new Date(milliseconds).toISOString();

/**
 * What a table of environments shows, for every environment in one query: no
 * document, config, launch context or error is read (a document's env_vars
 * values never leave the database), only the field names stored beside it.
 * References tied to a process are checked apart, as few as there are, and so
 * are the fast path's leases (fast-path-leases.ts).
 * Statements are prepared on first use: a process that never lists pays nothing.
 */
export class EnvironmentSummaryReader {
  private statements:
    | {
        summaries: ReturnType<StateDatabase['prepare']>;
        processReferences: ReturnType<StateDatabase['prepare']>;
      }
    | undefined;

  constructor(
    private readonly database: StateDatabase,
    private readonly fastPathFiles: FastPathFiles,
  ) {}

  list(filter: { state?: EnvironmentState; plugin?: string }, now: number): EnvironmentSummary[] {
    const statements = this.prepared();
    const parameters: SummaryParameters = { now, state: filter.state ?? null, plugin: filter.plugin ?? null };
    const rows = statements.summaries.all(parameters) as SummaryRow[];
    const processReferences = new Map<string, number>();
    for (const reference of statements.processReferences.all(now) as ReferenceRow[]) {
      if (isReferenceLive(reference, now)) processReferences.set(reference.environment_id, (processReferences.get(reference.environment_id) ?? 0) + 1);
    }
    // The fast path's runs hold their environments by lease files, not rows.
    for (const [environmentId, holders] of liveLeases(this.fastPathFiles)) {
      processReferences.set(environmentId, (processReferences.get(environmentId) ?? 0) + holders.length);
    }
    return rows.map((row) => ({
      id: row.id,
      fields: JSON.parse(row.fields_json) as string[],
      state: row.state,
      sizeBytes: row.size_bytes,
      references: row.lease_references + (processReferences.get(row.id) ?? 0),
      pinned: row.pinned === 1,
      createdAt: iso(row.created_at),
      lastUsedAt: iso(row.last_used_at),
      creationMs: row.creation_ms,
    }));
  }

  private prepared(): NonNullable<EnvironmentSummaryReader['statements']> {
    this.statements ??= {
      summaries: this.database.prepare(
        `SELECT e.id, e.fields_json, e.state, e.pinned, e.created_at, e.last_used_at, e.creation_ms,
           (SELECT coalesce(sum(u.size_bytes), 0) FROM environment_uris eu JOIN uris u ON u.uri = eu.uri WHERE eu.environment_id = e.id) AS size_bytes,
           (SELECT count(*) FROM environment_references r
              WHERE r.environment_id = e.id AND r.pid IS NULL AND (r.expires_at IS NULL OR r.expires_at > @now)) AS lease_references
         FROM environments e
         WHERE (@state IS NULL OR e.state = @state)
           AND (@plugin IS NULL
             OR EXISTS (SELECT 1 FROM environment_uris eu WHERE eu.environment_id = e.id AND eu.plugin = @plugin)
             OR EXISTS (SELECT 1 FROM json_each(e.fields_json) f WHERE f.value = @plugin))
         ORDER BY e.created_at, e.id`,
      ),
      processReferences: this.database.prepare('SELECT * FROM environment_references WHERE pid IS NOT NULL AND (expires_at IS NULL OR expires_at > ?)'),
    };
    return this.statements;
  }
}
