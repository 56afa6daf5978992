import type { GcResponse as GcReport } from '@runtime-env/client';
import { act, getJson } from '../api-client.js';
import type { Actions } from '../actions.js';
import { h, replaceChildren } from '../dom.js';
import { formatAge, formatBytes } from '@runtime-env/plugin-api/format';
import type { View } from '../view.js';

const reasons: Readonly<Record<string, string>> = {
  'over-budget': 'the node is over its total budget; least recently used first',
  'plugin-over-budget': 'the plugin is over its budget; least recently used first',
  unreferenced: 'nothing references it (collection with --all)',
  failed: 'left over from a failed creation',
};

/** A dry run of garbage collection, and the button that runs it. */
export function gcView(actions: Actions): View {
  const all = h('input', { type: 'checkbox', 'data-testid': 'gc-all', onchange: () => load() });
  const result = h('div', { class: 'gc-result' });
  const root = h(
    'section',
    { class: 'gc' },
    h('h2', {}, 'Garbage collection'),
    h('p', { class: 'note' }, 'What a collection would remove now (the same list as `rtenv gc --dry-run`). Nothing is removed until you run it.'),
    h('label', {}, all, ' every unreferenced URI (--all), not only what the budgets require'),
    result,
  );
  const load = (): void => {
    getJson<GcReport>(`/v1/gc/preview${all.checked ? '?all=true' : ''}`).then(draw, (error: unknown) =>
      replaceChildren(result, h('p', { class: 'error' }, String((error as Error).message))),
    );
  };
  const draw = (report: GcReport): void => {
    const now = Date.now();
    replaceChildren(
      result,
      h(
        'p',
        { 'data-testid': 'gc-summary' },
        report.removed.length === 0
          ? 'Nothing would be removed.'
          : `${report.removed.length} URI${report.removed.length === 1 ? '' : 's'} would be removed, freeing ${formatBytes(report.bytesFreed)}.`,
      ),
      report.removed.length === 0
        ? null
        : h(
            'table',
            { class: 'gc-candidates', 'data-testid': 'gc-candidates' },
            h('thead', {}, h('tr', {}, ...['Plugin', 'URI', 'Size', 'Last used', 'Why'].map((label) => h('th', {}, label)))),
            h(
              'tbody',
              {},
              ...report.removed.map((candidate) =>
                h(
                  'tr',
                  { 'data-uri': candidate.uri },
                  h('td', {}, candidate.plugin),
                  h('td', { class: 'mono' }, candidate.uri),
                  h('td', { class: 'num' }, formatBytes(candidate.sizeBytes)),
                  h('td', { title: candidate.lastUsedAt }, formatAge(candidate.lastUsedAt, now)),
                  h('td', {}, reasons[candidate.reason] ?? candidate.reason),
                ),
              ),
            ),
          ),
      actions.button('Run garbage collection', 'gc-run', async () => {
        await act('POST', '/v1/gc', all.checked ? { all: true } : {});
        load();
      }),
    );
  };
  load();
  return { root, dispose: () => undefined };
}
