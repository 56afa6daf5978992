import type { EnvironmentRow, ProgressStep } from '../api-types.js';

export type SortColumn = 'id' | 'state' | 'sizeBytes' | 'references' | 'pinned' | 'createdAt' | 'lastUsedAt' | 'creationMs' | 'fields';

export interface TableView {
  sortBy: SortColumn;
  descending: boolean;
  /** Only environments whose document has this field (`pip`, `env_vars`); empty: all. */
  field: string;
  /** Only environments in this state; empty: all. */
  state: string;
}

export interface PluginProgress {
  plugin: string;
  phase: string;
  bytesDone?: number;
  bytesTotal?: number;
}

/**
 * The environments the page knows, as `/v1/events` reports them, and the latest
 * step of each plugin still creating. Sorting and filtering happen here, away from
 * the DOM, so they can be tested without a browser.
 */
export class EnvironmentTableModel {
  private readonly rows = new Map<string, EnvironmentRow>();
  private readonly progress = new Map<string, Map<string, PluginProgress>>();
  private ordered: EnvironmentRow[] | undefined;
  private orderedFor = '';

  replaceAll(rows: readonly EnvironmentRow[]): void {
    this.rows.clear();
    for (const row of rows) this.rows.set(row.id, row);
    this.ordered = undefined;
  }

  upsert(rows: readonly EnvironmentRow[]): void {
    for (const row of rows) {
      this.rows.set(row.id, row);
      if (row.state !== 'creating') this.progress.delete(row.id);
    }
    this.ordered = undefined;
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      this.rows.delete(id);
      this.progress.delete(id);
    }
    this.ordered = undefined;
  }

  noteProgress(step: ProgressStep): void {
    let plugins = this.progress.get(step.environmentId);
    if (plugins === undefined) {
      plugins = new Map();
      this.progress.set(step.environmentId, plugins);
    }
    const entry: PluginProgress = { plugin: step.plugin, phase: step.phase };
    if (step.bytesDone !== undefined) entry.bytesDone = step.bytesDone;
    if (step.bytesTotal !== undefined) entry.bytesTotal = step.bytesTotal;
    plugins.set(step.plugin, entry);
  }

  get(id: string): EnvironmentRow | undefined {
    return this.rows.get(id);
  }

  progressOf(id: string): PluginProgress[] {
    return [...(this.progress.get(id)?.values() ?? [])];
  }

  get size(): number {
    return this.rows.size;
  }

  /** Every field name any environment uses, for the filter. */
  fields(): string[] {
    const names = new Set<string>();
    for (const row of this.rows.values()) for (const field of row.fields) names.add(field);
    return [...names].sort();
  }

  /** The rows to show, filtered and sorted; computed again only after a change. */
  visible(view: TableView): readonly EnvironmentRow[] {
    const key = `${view.sortBy}|${view.descending}|${view.field}|${view.state}`;
    if (this.ordered !== undefined && this.orderedFor === key) return this.ordered;
    const matching = [...this.rows.values()].filter((row) => (view.state === '' || row.state === view.state) && (view.field === '' || row.fields.includes(view.field)));
    const direction = view.descending ? -1 : 1;
    matching.sort((left, right) => direction * compare(left, right, view.sortBy) || (left.id < right.id ? -1 : 1));
    this.ordered = matching;
    this.orderedFor = key;
    return matching;
  }
}

/** Overall progress of a creation, 0 to 1, from the plugins that report bytes; undefined when none does. */
export function progressFraction(plugins: readonly PluginProgress[]): number | undefined {
  const measured = plugins.filter((entry) => entry.bytesTotal !== undefined && entry.bytesTotal > 0);
  if (measured.length === 0) return undefined;
  const done = measured.reduce((sum, entry) => sum + Math.min(entry.bytesDone ?? 0, entry.bytesTotal!), 0);
  const total = measured.reduce((sum, entry) => sum + entry.bytesTotal!, 0);
  return done / total;
}

function compare(left: EnvironmentRow, right: EnvironmentRow, column: SortColumn): number {
  const a = column === 'fields' ? left.fields.join(',') : left[column];
  const b = column === 'fields' ? right.fields.join(',') : right[column];
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
