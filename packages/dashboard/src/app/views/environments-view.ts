import type { EnvironmentRow } from '../../api-types.js';
import { h, replaceChildren } from '../dom.js';
import { progressFraction, type SortColumn, type TableView } from '../environment-table-model.js';
import { formatAge, formatBytes, formatDuration } from '@runtime-env/plugin-api/format';
import type { LiveEnvironments } from '../live-environments.js';
import type { View } from '../view.js';

/** Must match `.env-row` height in style.css: rows are placed by arithmetic, not measured. */
const ROW_HEIGHT = 32;
/** Rows drawn above and below the visible ones, so a fast scroll shows no gap. */
const OVERSCAN = 10;

const columns: { key: SortColumn; label: string }[] = [
  { key: 'id', label: 'ID' },
  { key: 'fields', label: 'Fields' },
  { key: 'state', label: 'State' },
  { key: 'sizeBytes', label: 'Size' },
  { key: 'references', label: 'Refs' },
  { key: 'pinned', label: 'Pinned' },
  { key: 'createdAt', label: 'Created' },
  { key: 'lastUsedAt', label: 'Last used' },
  { key: 'creationMs', label: 'Build time' },
];

/**
 * The environments table. Only the rows in sight are in the DOM (10,000
 * environments would otherwise take seconds to lay out); it redraws at most once
 * per animation frame, however many updates arrive.
 */
export function environmentsView(live: LiveEnvironments): View {
  const view: TableView = { sortBy: 'createdAt', descending: true, field: '', state: '' };
  const fieldFilter = h(
    'select',
    {
      'aria-label': 'Filter by field',
      'data-testid': 'field-filter',
      onchange: () => {
        view.field = fieldFilter.value;
        schedule();
      },
    },
    h('option', { value: '' }, 'all fields'),
  );
  const stateFilter = h(
    'select',
    {
      'aria-label': 'Filter by state',
      'data-testid': 'state-filter',
      onchange: () => {
        view.state = stateFilter.value;
        schedule();
      },
    },
    h('option', { value: '' }, 'all states'),
    ...['creating', 'ready', 'failed'].map((state) => h('option', { value: state }, state)),
  );
  const count = h('span', { class: 'count', 'data-testid': 'env-count' });
  const header = h('div', { class: 'env-row env-header', role: 'row' });
  const rowsLayer = h('div', { class: 'env-rows' });
  const spacer = h('div', { class: 'env-spacer' }, rowsLayer);
  const viewport = h('div', { class: 'env-viewport', role: 'table', 'aria-label': 'Environments', onscroll: () => schedule() }, spacer);
  const root = h('section', { class: 'environments' }, h('div', { class: 'toolbar' }, fieldFilter, stateFilter, count), header, viewport);

  const drawHeader = (): void => {
    replaceChildren(
      header,
      ...columns.map((column) =>
        h(
          'button',
          {
            class: `cell col-${column.key}`,
            role: 'columnheader',
            'data-sort': column.key,
            'aria-sort': view.sortBy === column.key ? (view.descending ? 'descending' : 'ascending') : 'none',
            onclick: () => sortBy(column.key),
          },
          column.label,
          view.sortBy === column.key ? (view.descending ? ' ▼' : ' ▲') : '',
        ),
      ),
    );
  };
  const sortBy = (key: SortColumn): void => {
    view.descending = view.sortBy === key ? !view.descending : false;
    view.sortBy = key;
    drawHeader();
    schedule();
  };

  let knownFields = '';
  const drawFieldOptions = (): void => {
    const fields = live.model.fields();
    if (fields.join(',') === knownFields) return;
    knownFields = fields.join(',');
    replaceChildren(
      fieldFilter,
      h('option', { value: '' }, 'all fields'),
      ...fields.map((field) => h('option', { value: field, selected: field === view.field }, field)),
    );
  };

  let frame: number | undefined;
  /** The rows drawn last time, and whether a creation's progress came since: an update elsewhere in 10,000 rows redraws nothing. */
  let drawn: readonly EnvironmentRow[] = [];
  let progressSinceDrawn = true;
  const schedule = (): void => {
    frame ??= requestAnimationFrame(draw);
  };
  const draw = (): void => {
    frame = undefined;
    drawFieldOptions();
    const rows = live.model.visible(view);
    count.textContent = `${rows.length} of ${live.model.size} environments`;
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    rowsLayer.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const shown = rows.slice(first, last);
    // Rows are replaced, never changed in place, by the model: the same objects are the same text.
    if (progressSinceDrawn || shown.length !== drawn.length || shown.some((row, index) => row !== drawn[index])) {
      const now = Date.now();
      replaceChildren(rowsLayer, ...shown.map((row) => rowElement(row, live, now)));
      drawn = shown;
      progressSinceDrawn = false;
    }
    if (live.snapshotAt !== undefined && root.dataset.rendered !== 'true') {
      root.dataset.rendered = 'true';
      // For the benchmark: the first frame that shows the agent's environments.
      performance.mark('rtenv:first-render');
    }
  };

  drawHeader();
  const stopListening = live.listen((change) => {
    if (change.kind === 'progress') progressSinceDrawn = true;
    if (change.kind !== 'connection') schedule();
  });
  schedule();
  return {
    root,
    dispose() {
      stopListening();
      if (frame !== undefined) cancelAnimationFrame(frame);
    },
  };
}

function rowElement(row: EnvironmentRow, live: LiveEnvironments, now: number): HTMLElement {
  return h(
    'div',
    { class: `env-row state-${row.state}`, role: 'row', 'data-env-id': row.id, 'data-state': row.state },
    h('a', { class: 'cell col-id mono', href: `#/env/${row.id}`, title: row.id }, row.id.slice(0, 12)),
    h('span', { class: 'cell col-fields' }, row.fields.join(', ') || '(empty)'),
    h('span', { class: 'cell col-state' }, stateCell(row, live)),
    h('span', { class: 'cell col-sizeBytes num' }, formatBytes(row.sizeBytes)),
    h('span', { class: 'cell col-references num' }, row.references),
    h('span', { class: 'cell col-pinned' }, row.pinned ? 'yes' : 'no'),
    h('span', { class: 'cell col-createdAt', title: row.createdAt }, formatAge(row.createdAt, now)),
    h('span', { class: 'cell col-lastUsedAt', title: row.lastUsedAt }, formatAge(row.lastUsedAt, now)),
    h('span', { class: 'cell col-creationMs num' }, formatDuration(row.creationMs)),
  );
}

function stateCell(row: EnvironmentRow, live: LiveEnvironments): HTMLElement {
  const label = h('span', { class: `badge badge-${row.state}`, 'data-testid': 'state' }, row.state);
  if (row.state !== 'creating') return label;
  const plugins = live.model.progressOf(row.id);
  const fraction = progressFraction(plugins);
  const phase = plugins.map((entry) => `${entry.plugin}: ${entry.phase}${entry.bytesTotal ? ` ${entry.bytesDone ?? 0}/${entry.bytesTotal}` : ''}`).join('; ');
  return h(
    'span',
    { class: 'creating' },
    label,
    h('progress', { max: 1, ...(fraction === undefined ? {} : { value: fraction.toFixed(3) }), 'data-testid': 'progress', 'aria-label': 'creation progress' }),
    h('span', { class: 'phase', 'data-testid': 'phase' }, phase),
  );
}
