import type { AgentInfoResponse } from '../api-types.js';
import { Actions } from './actions.js';
import { ApiError, getJson } from './api-client.js';
import { h, replaceChildren } from './dom.js';
import { LiveEnvironments } from './live-environments.js';
import type { View } from './view.js';
import { agentView } from './views/agent-view.js';
import { diskView } from './views/disk-view.js';
import { environmentView } from './views/environment-view.js';
import { environmentsView } from './views/environments-view.js';
import { gcView } from './views/gc-view.js';
import { askForToken } from './views/token-prompt.js';

const navigation = [
  { hash: '#/', label: 'Environments' },
  { hash: '#/disk', label: 'Disk' },
  { hash: '#/gc', label: 'Garbage collection' },
  { hash: '#/agent', label: 'Agent' },
];

/** Until the agent answers a read, nothing is fetched or drawn: off loopback that takes the token. */
async function agentInfoOrToken(): Promise<AgentInfoResponse> {
  for (;;) {
    try {
      return await getJson<AgentInfoResponse>('/v1/agent');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      await askForToken(document.body, 'This agent listens on the network: enter its token to see anything.');
    }
  }
}

async function start(): Promise<void> {
  const main = h('main', { id: 'view' });
  const status = h('span', { class: 'connection', 'data-testid': 'connection' }, 'connecting…');
  const nav = h('nav', {}, ...navigation.map((entry) => h('a', { href: entry.hash, 'data-nav': entry.hash }, entry.label)));
  document.body.append(h('header', {}, h('h1', {}, 'runtime-env'), nav, status), main);

  let info: AgentInfoResponse;
  try {
    info = await agentInfoOrToken();
  } catch (error) {
    replaceChildren(main, h('p', { class: 'error' }, `The agent could not be reached: ${(error as Error).message}`));
    return;
  }
  const actions = new Actions(
    () => info,
    () => askForToken(document.body, 'Actions need the agent token.'),
  );
  const live = new LiveEnvironments();
  live.listen((change) => {
    if (change.kind === 'connection') {
      status.textContent = change.connected ? 'live' : 'disconnected, retrying…';
      status.dataset.connected = String(change.connected);
    }
  });
  live.start();

  let current: View | undefined;
  const route = (): void => {
    current?.dispose();
    const hash = location.hash || '#/';
    const environment = /^#\/env\/([A-Za-z0-9._:@=+-]+)$/.exec(hash);
    if (environment !== null) current = environmentView(environment[1]!, live, actions);
    else if (hash === '#/disk') current = diskView();
    else if (hash === '#/gc') current = gcView(actions);
    else if (hash === '#/agent') current = agentView((latest) => (info = latest));
    else current = environmentsView(live);
    for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.nav === hash);
    replaceChildren(main, current.root);
  };
  window.addEventListener('hashchange', route);
  route();
}

void start();
