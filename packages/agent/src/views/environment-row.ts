import type { EnvironmentRecord } from '@runtime-env/core';
import type { EnvironmentRow } from '@runtime-env/dashboard';

/** The table's line for an environment: field names only, never values. */
export function environmentRow(record: EnvironmentRecord): EnvironmentRow {
  return {
    id: record.id,
    state: record.state,
    fields: Object.keys(record.runtimeEnv),
    sizeBytes: record.sizeBytes,
    references: record.references.length,
    pinned: record.pinned,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    creationMs: record.creationMs,
  };
}
