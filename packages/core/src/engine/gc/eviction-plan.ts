import type { Budgets, GcCandidate } from '../manager-types.js';
import type { UriRow } from '../store/uri-store.js';

export interface EvictionInput {
  /** Every ready URI, least recently used first. */
  readyUris: readonly UriRow[];
  /** URIs that must stay: needed by a referenced, pinned or in-creation environment, or pinned themselves. */
  protectedUris: ReadonlySet<string>;
  budgets: Budgets;
  all: boolean;
}

/**
 * Which URIs to evict, least recently used first: under `all`, every unprotected
 * one; otherwise enough to bring each plugin under its budget, then the node under
 * the total. Protected URIs still count towards usage, so a budget can stay
 * exceeded when everything left is in use (Ray's behaviour too).
 */
export function planEviction(input: EvictionInput): GcCandidate[] {
  const candidates = input.readyUris.filter((row) => row.pinned === 0 && !input.protectedUris.has(row.uri));
  const chosen = new Map<string, GcCandidate>();
  const choose = (row: UriRow, reason: GcCandidate['reason']): void => {
    chosen.set(row.uri, { uri: row.uri, plugin: row.plugin, sizeBytes: row.size_bytes, lastUsedAt: new Date(row.last_used_at).toISOString(), reason });
  };
  if (input.all) {
    for (const row of candidates) choose(row, 'unreferenced');
    return [...chosen.values()];
  }
  for (const [plugin, limit] of Object.entries(input.budgets.perPluginBytes ?? {})) {
    let used = sumSizes(input.readyUris.filter((row) => row.plugin === plugin));
    for (const row of candidates) {
      if (used <= limit) break;
      if (row.plugin !== plugin) continue;
      choose(row, 'plugin-over-budget');
      used -= row.size_bytes;
    }
  }
  const total = input.budgets.totalBytes;
  if (total !== undefined) {
    let used = sumSizes(input.readyUris) - sumSizes([...chosen.values()].map((candidate) => ({ size_bytes: candidate.sizeBytes })));
    for (const row of candidates) {
      if (used <= total) break;
      if (chosen.has(row.uri)) continue;
      choose(row, 'over-budget');
      used -= row.size_bytes;
    }
  }
  return [...chosen.values()];
}

function sumSizes(rows: readonly { size_bytes: number }[]): number {
  return rows.reduce((total, row) => total + row.size_bytes, 0);
}
