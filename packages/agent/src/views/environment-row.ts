import type { EnvironmentRecord, EnvironmentSummary } from '@runtime-env/core';
import type { EnvironmentRow } from '@runtime-env/dashboard';

/** The table's line for an environment: field names only, never values. */
export function environmentRow(summary: EnvironmentSummary): EnvironmentRow {
  return {
    id: summary.id,
    state: summary.state,
    fields: summary.fields,
    sizeBytes: summary.sizeBytes,
    references: summary.references,
    pinned: summary.pinned,
    createdAt: summary.createdAt,
    lastUsedAt: summary.lastUsedAt,
    creationMs: summary.creationMs,
  };
}

/** The same line from a full record (one environment read again after a request named it). */
export function environmentRowOfRecord(record: EnvironmentRecord): EnvironmentRow {
  return environmentRow({ ...record, fields: Object.keys(record.runtimeEnv), references: record.references.length });
}
