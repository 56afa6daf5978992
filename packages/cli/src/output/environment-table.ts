import { formatBytes } from './format-bytes.js';
import { formatTable } from './format-table.js';
import { formatAge, formatDuration } from './format-time.js';

/** What `rtenv ls` shows of an environment: a local record and an agent's view both have it. */
export interface ListedEnvironment {
  id: string;
  state: string;
  sizeBytes: number;
  references: readonly unknown[];
  pinned: boolean;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
  runtimeEnv: Readonly<Record<string, unknown>>;
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
    String(environment.references.length),
    environment.pinned ? 'yes' : 'no',
    formatAge(environment.createdAt, now),
    formatAge(environment.lastUsedAt, now),
    formatDuration(environment.creationMs),
    Object.keys(environment.runtimeEnv).join(',') || '(empty)',
  ]);
  return formatTable(['ID', 'STATE', 'SIZE', 'REFS', 'PINNED', 'CREATED', 'LAST USED', 'BUILD TIME', 'FIELDS'], rows);
}
