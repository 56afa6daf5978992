import type { LaunchContext } from '@runtime-env/plugin-api';
import type { JsonObject, LockedPackage, NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import type { EnvironmentRow, EnvironmentUriRow } from './environment-store.js';
import type { EnvironmentRecord, Reference, RuntimeEnvConfig, UriRecord } from '../manager-types.js';
import { isProcessAlive } from '@runtime-env/plugin-api';
import { isReferenceLive } from '../references/reference-liveness.js';
import type { ReferenceRow } from './reference-store.js';
import { recordErrorOf, type StoredFailure } from '../failures/stored-failure.js';
import type { UriRow } from './uri-store.js';

const iso = (milliseconds: number): string => new Date(milliseconds).toISOString();

/** What `listEnvironments` and friends need, fetched in bulk so 10,000 environments cost four queries. */
export interface StateSnapshot {
  environmentUris: Map<string, EnvironmentUriRow[]>;
  references: Map<string, ReferenceRow[]>;
  uris: Map<string, UriRow>;
  now: number;
}

export function groupBy<Row, Key>(rows: readonly Row[], keyOf: (row: Row) => Key): Map<Key, Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export function referenceOf(row: ReferenceRow): Reference {
  return { owner: row.owner, ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}), ...(row.pid !== null ? { pid: row.pid } : {}) };
}

/** Lapsed references are left out: everything treats them as released. */
export function environmentRecordOf(row: EnvironmentRow, snapshot: StateSnapshot): EnvironmentRecord {
  const uriRows = snapshot.environmentUris.get(row.id) ?? [];
  const references = (snapshot.references.get(row.id) ?? []).filter((reference) => isReferenceLive(reference, snapshot.now));
  const sizeBytes = uriRows.reduce((total, entry) => total + (snapshot.uris.get(entry.uri)?.size_bytes ?? 0), 0);
  return {
    id: row.id,
    runtimeEnv: JSON.parse(row.runtime_env_json) as NormalizedRuntimeEnv,
    config: JSON.parse(row.config_json) as RuntimeEnvConfig,
    uris: uriRows.map((entry) => ({ plugin: entry.plugin, uri: entry.uri })),
    state: row.state,
    references: references.map(referenceOf),
    pinned: row.pinned === 1,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    creationMs: row.creation_ms,
    sizeBytes,
    ...(row.error_json ? { error: recordErrorOf(JSON.parse(row.error_json) as StoredFailure) } : {}),
    setupLogPath: row.setup_log_path,
    ...(row.state === 'creating' && row.holder_pid !== null
      ? { creator: { pid: row.holder_pid, alive: isProcessAlive(row.holder_pid, row.holder_start_time) } }
      : {}),
    ...(row.context_json ? { context: JSON.parse(row.context_json) as LaunchContext } : {}),
  };
}

export function uriRecordOf(row: UriRow, referencedBy: string[]): UriRecord {
  return {
    uri: row.uri,
    plugin: row.plugin,
    state: row.state,
    path: row.path,
    sizeBytes: row.size_bytes,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    creationMs: row.creation_ms,
    pinned: row.pinned === 1,
    referencedBy,
    ...(row.lock_json ? { lock: JSON.parse(row.lock_json) as LockedPackage[] } : {}),
    ...(row.details_json ? { details: JSON.parse(row.details_json) as JsonObject } : {}),
  };
}
