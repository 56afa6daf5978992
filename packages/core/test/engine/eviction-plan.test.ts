import { describe, expect, it } from 'vitest';
import { planEviction } from '../../src/engine/gc/eviction-plan.js';
import type { UriRow } from '../../src/engine/store/uri-store.js';

const row = (uri: string, plugin: string, sizeBytes: number, lastUsedAt: number, pinned = false): UriRow => ({
  uri,
  plugin,
  state: 'ready',
  path: `/data/${uri}`,
  size_bytes: sizeBytes,
  created_at: 0,
  last_used_at: lastUsedAt,
  creation_ms: 1,
  pinned: pinned ? 1 : 0,
  holder_pid: null,
  holder_start_time: null,
  lock_json: null,
  details_json: null,
  key: null,
  spec_json: null,
});

describe('planEviction', () => {
  const readyUris = [row('a', 'pip', 50, 1), row('b', 'pip', 50, 2), row('c', 'conda', 100, 3), row('d', 'pip', 50, 4, true), row('e', 'conda', 100, 5)];

  it('takes least recently used first until under the total, skipping protected and pinned', () => {
    const plan = planEviction({ readyUris, protectedUris: new Set(['a']), budgets: { totalBytes: 220 }, all: false });
    expect(plan.map((candidate) => [candidate.uri, candidate.reason])).toEqual([
      ['b', 'over-budget'],
      ['c', 'over-budget'],
    ]);
  });

  it('applies a per-plugin budget before the total', () => {
    const plan = planEviction({ readyUris, protectedUris: new Set(), budgets: { perPluginBytes: { conda: 100 }, totalBytes: 1000 }, all: false });
    expect(plan.map((candidate) => [candidate.uri, candidate.reason])).toEqual([['c', 'plugin-over-budget']]);
  });

  it('with all, takes every unprotected unpinned URI; without budgets, none', () => {
    expect(planEviction({ readyUris, protectedUris: new Set(['e']), budgets: {}, all: true }).map((candidate) => candidate.uri)).toEqual(['a', 'b', 'c']);
    expect(planEviction({ readyUris, protectedUris: new Set(), budgets: {}, all: false })).toEqual([]);
  });
});
