import type { EnvironmentView as EnvironmentRecordView } from '@runtime-env/client';
import { ApiError, getJson, getText } from '../api-client.js';
import { h, replaceChildren } from '../dom.js';
import { formatAge, formatBytes, formatDuration } from '@runtime-env/plugin-api/format';
import type { LiveEnvironments } from '../live-environments.js';
import { reproduceCommand } from '../reproduce-command.js';
import type { View } from '../view.js';
import type { Actions } from '../actions.js';

/** While creating, the log is fetched again at most this often as progress comes in. */
const LOG_REFRESH_MS = 400;

/** One environment: its document (env_vars masked by the agent), URIs, references, log, failure, and how to reproduce it. */
export function environmentView(environmentId: string, live: LiveEnvironments, actions: Actions): View {
  const root = h('section', { class: 'environment', 'data-env-id': environmentId }, h('p', {}, 'loading…'));
  const logBlock = h('pre', { class: 'log', 'data-testid': 'setup-log' });
  const lastUsed = h('dd', { 'data-testid': 'last-used' });
  let record: EnvironmentRecordView | undefined;
  let disposed = false;

  const load = async (): Promise<void> => {
    try {
      record = await getJson<EnvironmentRecordView>(`/v1/envs/${encodeURIComponent(environmentId)}`);
      if (!disposed) draw(record);
    } catch (error) {
      if (!disposed)
        replaceChildren(
          root,
          h(
            'p',
            { class: 'error' },
            error instanceof ApiError && error.status === 404 ? `no environment ${environmentId} on this node (removed?)` : String((error as Error).message),
          ),
        );
    }
    await loadLog();
  };
  const loadLog = async (): Promise<void> => {
    try {
      const text = await getText(`/v1/envs/${encodeURIComponent(environmentId)}/log`);
      if (!disposed) {
        logBlock.textContent = text === '' ? '(the log is empty)' : text;
        logBlock.scrollTop = logBlock.scrollHeight;
      }
    } catch (error) {
      if (!disposed)
        logBlock.textContent =
          error instanceof ApiError && error.code === 'log_not_found' ? '(no setup log yet)' : `(the log could not be read: ${(error as Error).message})`;
    }
  };

  const showLastUsed = (lastUsedAt: string): void => {
    lastUsed.title = lastUsedAt;
    lastUsed.textContent = formatAge(lastUsedAt, Date.now());
  };
  const draw = (view: EnvironmentRecordView): void => {
    const failure = view.error;
    showLastUsed(view.lastUsedAt);
    replaceChildren(
      root,
      h('h2', {}, 'Environment ', h('span', { class: 'mono' }, view.id)),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'State'),
        h('dd', {}, h('span', { class: `badge badge-${view.state}`, 'data-testid': 'detail-state' }, view.state)),
        h('dt', {}, 'Size'),
        h('dd', {}, formatBytes(view.sizeBytes)),
        h('dt', {}, 'Created'),
        h('dd', { title: view.createdAt }, formatAge(view.createdAt, Date.now())),
        h('dt', {}, 'Last used'),
        lastUsed,
        h('dt', {}, 'Build time'),
        h('dd', {}, formatDuration(view.creationMs)),
        h('dt', {}, 'Pinned'),
        h(
          'dd',
          {},
          view.pinned ? 'yes ' : 'no ',
          actions.pinButton(view.id, view.pinned, () => void load()),
        ),
      ),
      failure === undefined
        ? null
        : h(
            'div',
            { class: 'failure', 'data-testid': 'failure' },
            h('h3', {}, `Failed: ${failure.code}`),
            h('pre', { class: 'failure-message' }, failure.message),
            // The failing error's own hint, as the agent recorded it: none is made up here when it had none.
            failure.hint === undefined ? null : h('p', { class: 'hint', 'data-testid': 'failure-hint' }, 'What to do: ', failure.hint),
            h('p', { class: 'where' }, failureOrigin(failure)),
          ),
      h('h3', {}, 'Document'),
      h('pre', { class: 'document', 'data-testid': 'document' }, JSON.stringify(view.runtimeEnv, null, 2)),
      h('h3', {}, 'Reproduce'),
      h(
        'pre',
        { class: 'command', 'data-testid': 'reproduce' },
        reproduceCommand(view.runtimeEnv, view.state === 'failed' ? { config: { ...view.config } } : undefined),
      ),
      Object.keys(view.runtimeEnv).includes('env_vars')
        ? h('p', { class: 'note' }, 'env_vars values are shown as *** here: put the real values in before running it.')
        : null,
      h('h3', {}, 'URIs'),
      h(
        'table',
        { class: 'uris' },
        h('thead', {}, h('tr', {}, ...['Plugin', 'URI', 'State', 'Size', 'Build time'].map((label) => h('th', {}, label)))),
        h(
          'tbody',
          {},
          ...view.uris.map((uri) =>
            h(
              'tr',
              {},
              h('td', {}, uri.plugin),
              h('td', { class: 'mono' }, uri.uri),
              h('td', {}, uri.state ?? '-'),
              h('td', { class: 'num' }, uri.sizeBytes === undefined ? '-' : formatBytes(uri.sizeBytes)),
              h('td', { class: 'num' }, formatDuration(uri.creationMs ?? null)),
            ),
          ),
        ),
      ),
      h('h3', {}, 'References'),
      view.references.length === 0
        ? h('p', {}, 'none: garbage collection may remove it unless it is pinned')
        : h(
            'table',
            { class: 'references' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Owner'), h('th', {}, 'Lease'), h('th', {}, 'Process'))),
            h(
              'tbody',
              {},
              ...view.references.map((reference) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'mono' }, reference.owner),
                  h('td', {}, reference.expiresAt === undefined ? 'held until released' : `until ${reference.expiresAt}`),
                  h('td', {}, reference.pid === undefined ? '-' : String(reference.pid)),
                ),
              ),
            ),
          ),
      h('h3', {}, 'Setup log', view.state === 'creating' ? ' (following)' : ''),
      logBlock,
    );
  };

  let logTimer: number | undefined;
  const stopListening = live.listen((change) => {
    if (change.kind === 'progress' && change.environmentId === environmentId) {
      logTimer ??= window.setTimeout(() => {
        logTimer = undefined;
        void loadLog();
      }, LOG_REFRESH_MS);
    } else if (change.kind === 'rows') {
      const row = live.model.get(environmentId);
      if (row === undefined || record === undefined) return;
      // Only what the record shows beyond the row is fetched again; a busy environment's new last-used time is the row's own.
      if (row.state !== record.state || row.pinned !== record.pinned || row.references !== record.references.length) void load();
      else if (row.lastUsedAt !== record.lastUsedAt) showLastUsed(row.lastUsedAt);
    }
  });
  void load();
  return {
    root,
    dispose() {
      disposed = true;
      stopListening();
      clearTimeout(logTimer);
    },
  };
}

/** Where it failed and whether retrying may help, from the record's fields. */
function failureOrigin(failure: NonNullable<EnvironmentRecordView['error']>): string {
  const where =
    failure.plugin === undefined ? 'outside any plugin' : `in plugin "${failure.plugin}"${failure.hook === undefined ? '' : `, hook ${failure.hook}`}`;
  const kind = failure.failureClass === undefined ? '' : ` (${failure.failureClass})`;
  return `Failed ${where}${kind} at ${failure.failedAt}.`;
}
