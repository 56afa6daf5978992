import type { EnvironmentSummary } from '@runtime-env/core';
import { formatAge, formatBytes, formatDuration } from '@runtime-env/plugin-api/format';
import { formatTable } from './format-table.js';

/**
 * What `rtenv ls` shows of an environment: the core's summary, whose state and
 * field names an agent's view also gives (as plain strings, through `listedOfView`).
 */
export type ListedEnvironment = Omit<EnvironmentSummary, 'state' | 'fields'> & {
  state: string;
  /** The document's field names, in its order. */
  fields: readonly string[];
};

/** What an agent's view of an environment holds of a table row (its full references and document). */
type AgentEnvironmentView = Omit<ListedEnvironment, 'references' | 'fields'> & {
  references: readonly unknown[];
  runtimeEnv: Readonly<Record<string, unknown>>;
};

/** An agent's view as `rtenv ls` shows it, the same row a local summary gives. */
export function listedOfView(view: AgentEnvironmentView): ListedEnvironment {
  const { id, state, sizeBytes, pinned, createdAt, lastUsedAt, creationMs } = view;
  return { id, state, sizeBytes, references: view.references.length, pinned, createdAt, lastUsedAt, creationMs, fields: Object.keys(view.runtimeEnv) };
}

/** Enough of the id to be unique in practice; any unique prefix is accepted back. */
const shortIdLength = 12;

/**
 * One table for `rtenv ls` with or without `--agent`: same columns, same byte and time
 * formats, same order (oldest first, then by id: the agent pages by id and the
 * local store by creation time, whose ties would otherwise fall either way).
 */
export function formatEnvironmentTable(environments: readonly ListedEnvironment[], now: Date = new Date()): string {
  const ordered = [...environments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const rows = ordered.map((environment) => [
    environment.id.slice(0, shortIdLength),
    environment.state,
    formatBytes(environment.sizeBytes),
    String(environment.references),
    environment.pinned ? 'yes' : 'no',
    formatAge(environment.createdAt, now),
    formatAge(environment.lastUsedAt, now),
    formatDuration(environment.creationMs),
    environment.fields.join(',') || '(empty)',
  ]);
  return formatTable(['ID', 'STATE', 'SIZE', 'REFS', 'PINNED', 'CREATED', 'LAST USED', 'BUILD TIME', 'FIELDS'], rows);
}
