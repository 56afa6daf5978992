import { describe, expect, it } from 'vitest';
import type { EnvironmentRow } from '../src/api-types.js';
import { EnvironmentTableModel, progressFraction, type TableView } from '../src/app/environment-table-model.js';

const row = (id: string, overrides: Partial<EnvironmentRow> = {}): EnvironmentRow => ({
  id,
  state: 'ready',
  fields: ['env_vars'],
  sizeBytes: 0,
  references: 0,
  pinned: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: '2026-01-01T00:00:00.000Z',
  creationMs: 10,
  ...overrides,
});
const view = (overrides: Partial<TableView> = {}): TableView => ({ sortBy: 'id', descending: false, field: '', state: '', ...overrides });

describe('the environments table model', () => {
  it('sorts by any column either way, ties by id', () => {
    const model = new EnvironmentTableModel();
    model.replaceAll([row('b', { sizeBytes: 5 }), row('a', { sizeBytes: 9 }), row('c', { sizeBytes: 5 })]);
    expect(model.visible(view({ sortBy: 'sizeBytes' })).map((entry) => entry.id)).toEqual(['b', 'c', 'a']);
    expect(model.visible(view({ sortBy: 'sizeBytes', descending: true })).map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('filters by field and by state', () => {
    const model = new EnvironmentTableModel();
    model.replaceAll([row('a', { fields: ['pip'] }), row('b', { fields: ['pip', 'env_vars'], state: 'failed' }), row('c')]);
    expect(model.visible(view({ field: 'pip' })).map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(model.visible(view({ field: 'pip', state: 'failed' })).map((entry) => entry.id)).toEqual(['b']);
    expect(model.fields()).toEqual(['env_vars', 'pip']);
  });

  it('applies upserts and removals, and forgets progress once a creation ends', () => {
    const model = new EnvironmentTableModel();
    model.replaceAll([row('a', { state: 'creating' })]);
    model.noteProgress({ environmentId: 'a', plugin: 'pip', at: '', kind: 'progress', phase: 'downloading', bytesDone: 5, bytesTotal: 10 });
    expect(model.visible(view())).toHaveLength(1);
    expect(progressFraction(model.progressOf('a'))).toBe(0.5);
    model.upsert([row('a', { state: 'ready' }), row('b')]);
    expect(model.progressOf('a')).toEqual([]);
    expect(model.visible(view()).map((entry) => entry.state)).toEqual(['ready', 'ready']);
    model.remove(['a']);
    expect(model.visible(view()).map((entry) => entry.id)).toEqual(['b']);
  });

  it('computes overall progress over the plugins that report bytes', () => {
    expect(progressFraction([{ plugin: 'x', phase: 'resolving' }])).toBeUndefined();
    expect(progressFraction([{ plugin: 'x', phase: 'p', bytesDone: 30, bytesTotal: 100 }, { plugin: 'y', phase: 'p', bytesDone: 100, bytesTotal: 100 }])).toBe(0.65);
  });
});
