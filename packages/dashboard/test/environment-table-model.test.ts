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

  it('lists the field names in use after upserts that add one and removals that drop the last user of one', () => {
    const model = new EnvironmentTableModel();
    model.replaceAll([row('a'), row('b', { fields: ['pip'] })]);
    expect(model.fields()).toEqual(['env_vars', 'pip']);
    model.upsert([row('c', { fields: ['conda'] })]);
    expect(model.fields()).toEqual(['conda', 'env_vars', 'pip']);
    model.remove(['b']);
    expect(model.fields()).toEqual(['conda', 'env_vars']);
    model.upsert([row('c')]);
    expect(model.fields()).toEqual(['env_vars']);
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
    expect(
      progressFraction([
        { plugin: 'x', phase: 'p', bytesDone: 30, bytesTotal: 100 },
        { plugin: 'y', phase: 'p', bytesDone: 100, bytesTotal: 100 },
      ]),
    ).toBe(0.65);
  });

  it('keeps the sorted list right through many updates, as a fresh sort would order it', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const states = ['creating', 'ready', 'failed'];
    const randomRow = (id: string): EnvironmentRow =>
      row(id, {
        sizeBytes: Math.floor(random() * 5),
        state: states[Math.floor(random() * 3)]!,
        lastUsedAt: `2026-01-0${1 + Math.floor(random() * 9)}T00:00:00.000Z`,
        fields: random() < 0.5 ? ['pip'] : ['env_vars'],
      });
    for (const view of [
      { sortBy: 'sizeBytes' as const, descending: true, field: '', state: '' },
      { sortBy: 'lastUsedAt' as const, descending: false, field: 'pip', state: 'ready' },
    ]) {
      const model = new EnvironmentTableModel();
      model.replaceAll(Array.from({ length: 200 }, (_, index) => randomRow(`env-${index}`)));
      model.visible(view);
      for (let step = 0; step < 500; step += 1) {
        const id = `env-${Math.floor(random() * 260)}`;
        if (random() < 0.15) model.remove([id]);
        else model.upsert([randomRow(id)]);
      }
      const incremental = model.visible(view).map((entry) => entry.id);
      const fresh = new EnvironmentTableModel();
      fresh.replaceAll([...model.visible({ ...view, field: '', state: '' })]);
      expect(incremental).toEqual(fresh.visible(view).map((entry) => entry.id));
    }
  });
});
