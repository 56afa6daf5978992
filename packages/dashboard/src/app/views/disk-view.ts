import type { DiskResponse } from '../../api-types.js';
import { getJson } from '../api-client.js';
import { h, replaceChildren } from '../dom.js';
import { formatBytes } from '@runtime-env/plugin-api/format';
import type { View } from '../view.js';

const REFRESH_MS = 5_000;

/** Used against the budgets, per plugin, and the plugins' shared stores. */
export function diskView(): View {
  const root = h('section', { class: 'disk' }, h('p', {}, 'loading…'));
  const draw = (disk: DiskResponse): void => {
    const scale = Math.max(disk.budgetBytes ?? 0, disk.usedBytes, ...disk.plugins.map((entry) => Math.max(entry.usedBytes, entry.budgetBytes ?? 0)), 1);
    replaceChildren(
      root,
      h('h2', {}, 'Disk'),
      h(
        'div',
        { class: 'bar-row total', 'data-testid': 'disk-total' },
        h('span', { class: 'bar-label' }, 'all URIs'),
        bar(disk.usedBytes, disk.budgetBytes, scale),
        h('span', { class: 'bar-text' }, usage(disk.usedBytes, disk.budgetBytes)),
      ),
      h('h3', {}, 'Per plugin'),
      ...disk.plugins.map((entry) =>
        h(
          'div',
          { class: 'bar-row', 'data-plugin': entry.plugin, 'data-testid': 'disk-plugin' },
          h('span', { class: 'bar-label' }, entry.plugin),
          bar(entry.usedBytes, entry.budgetBytes, scale),
          h('span', { class: 'bar-text' }, `${usage(entry.usedBytes, entry.budgetBytes)} in ${entry.uris} URI${entry.uris === 1 ? '' : 's'}`),
        ),
      ),
      h('h3', {}, 'Shared stores'),
      h(
        'p',
        { class: 'note' },
        "What each plugin keeps across environments (pip's distributions, conda's package cache, working_dir's packages). Garbage collection does not count or remove it.",
      ),
      h(
        'table',
        { class: 'shared-stores' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Plugin'), h('th', { class: 'num' }, 'Size'), h('th', {}, 'Folder'))),
        h(
          'tbody',
          {},
          ...disk.sharedStores.map((store) =>
            h(
              'tr',
              { 'data-plugin': store.plugin },
              h('td', {}, store.plugin),
              h('td', { class: 'num' }, formatBytes(store.bytes)),
              h('td', { class: 'mono' }, store.path),
            ),
          ),
        ),
      ),
    );
  };
  const load = (): void => {
    getJson<DiskResponse>('/v1/disk').then(draw, (error: unknown) => replaceChildren(root, h('p', { class: 'error' }, String((error as Error).message))));
  };
  load();
  const timer = window.setInterval(load, REFRESH_MS);
  return { root, dispose: () => clearInterval(timer) };
}

function usage(used: number, budget: number | undefined): string {
  return budget === undefined ? `${formatBytes(used)} (no budget)` : `${formatBytes(used)} of ${formatBytes(budget)} (${Math.round((used / budget) * 100)}%)`;
}

/** A bar on a common scale, so plugins compare at a glance; the budget, when set, is a mark on it. */
function bar(used: number, budget: number | undefined, scale: number): HTMLElement {
  const meter = h('meter', { min: 0, max: scale, value: used, ...(budget === undefined ? {} : { high: budget * 0.9, optimum: 0 }) });
  return h('span', { class: 'bar' }, meter);
}
