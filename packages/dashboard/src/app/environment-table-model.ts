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
  /** The visible rows for `view`, kept sorted as rows change. */
  private ordered: EnvironmentRow[] | undefined;
  private orderedFor = '';
  private view: TableView | undefined;
  /** Every field name in use, sorted; undefined until asked for again after a change that may have removed one. */
  private fieldNames: string[] | undefined;

  replaceAll(rows: readonly EnvironmentRow[]): void {
    this.rows.clear();
    for (const row of rows) this.rows.set(row.id, row);
    this.ordered = undefined;
    this.fieldNames = undefined;
  }

  /**
   * Changed rows are moved into place in the sorted list rather than sorting all
   * of it again: with 10,000 environments a full sort per update shows as jank.
   */
  upsert(rows: readonly EnvironmentRow[]): void {
    for (const row of rows) {
      const previous = this.rows.get(row.id);
      this.rows.set(row.id, row);
      const fieldsChanged =
        previous === undefined ? row.fields.some((field) => !this.fieldNames?.includes(field)) : previous.fields.join() !== row.fields.join();
      if (fieldsChanged) this.fieldNames = undefined;
      if (row.state !== 'creating') this.progress.delete(row.id);
      if (this.ordered === undefined || this.view === undefined) continue;
      if (previous !== undefined) this.takeOut(previous);
      if (matches(row, this.view)) this.ordered.splice(this.positionFor(row), 0, row);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const previous = this.rows.get(id);
      this.rows.delete(id);
      this.progress.delete(id);
      if (previous !== undefined) this.fieldNames = undefined;
      if (previous !== undefined && this.ordered !== undefined) this.takeOut(previous);
    }
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
  fields(): readonly string[] {
    // Asked for on every redraw: listed again only after a change that may have added or removed a name, not once per update of 10,000 rows.
    if (this.fieldNames !== undefined) return this.fieldNames;
    const names = new Set<string>();
    for (const row of this.rows.values()) for (const field of row.fields) names.add(field);
    this.fieldNames = [...names].sort();
    return this.fieldNames;
  }

  /** The rows to show, filtered and sorted; computed again only after a change. */
  visible(view: TableView): readonly EnvironmentRow[] {
    const key = `${view.sortBy}|${view.descending}|${view.field}|${view.state}`;
    if (this.ordered !== undefined && this.orderedFor === key) return this.ordered;
    this.view = { ...view };
    const matching = [...this.rows.values()].filter((row) => matches(row, view));
    matching.sort((left, right) => this.order(left, right));
    this.ordered = matching;
    this.orderedFor = key;
    return matching;
  }

  private order(left: EnvironmentRow, right: EnvironmentRow): number {
    const view = this.view!;
    return (view.descending ? -1 : 1) * compare(left, right, view.sortBy) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
  }

  /** Where `row` belongs in the sorted list (binary search). */
  private positionFor(row: EnvironmentRow): number {
    const ordered = this.ordered!;
    let low = 0;
    let high = ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.order(ordered[middle]!, row) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Removes the list's entry for `previous` (the row as it was when it was placed). */
  private takeOut(previous: EnvironmentRow): void {
    const ordered = this.ordered!;
    const index = this.positionFor(previous);
    if (ordered[index]?.id === previous.id) ordered.splice(index, 1);
  }
}

function matches(row: EnvironmentRow, view: TableView): boolean {
  return (view.state === '' || row.state === view.state) && (view.field === '' || row.fields.includes(view.field));
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
