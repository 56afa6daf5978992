import type { AgentInfoResponse } from '../../api-types.js';
import { getJson } from '../api-client.js';
import { h, replaceChildren } from '../dom.js';
import type { View } from '../view.js';

const REFRESH_MS = 2_000;

interface Sample {
  at: number;
  info: AgentInfoResponse;
}

/** Version, uptime, plugins, and request rate and latency from the counters `/metrics` shows. */
export function agentView(onInfo: (info: AgentInfoResponse) => void): View {
  const root = h('section', { class: 'agent' }, h('p', {}, 'loading…'));
  let previous: Sample | undefined;
  const draw = (sample: Sample): void => {
    const { info } = sample;
    const rates = ratesSince(previous, sample);
    previous = sample;
    replaceChildren(
      root,
      h('h2', {}, 'Agent'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Version'),
        h('dd', { 'data-testid': 'agent-version' }, info.version),
        h('dt', {}, 'Uptime'),
        h('dd', {}, `${info.uptimeSeconds} s (since ${info.startedAt})`),
        h('dt', {}, 'Node.js'),
        h('dd', {}, info.nodeVersion),
        h('dt', {}, 'Access'),
        h(
          'dd',
          {},
          info.access.loopback ? 'loopback only' : 'network',
          info.access.tokenConfigured ? ', token required for actions' : ', no token (read-only from a browser)',
        ),
        h('dt', {}, 'Creating now'),
        h('dd', {}, info.inFlightCreations),
        h('dt', {}, 'Dashboards following'),
        h('dd', {}, info.followers),
      ),
      h('h3', {}, 'Plugins'),
      h(
        'table',
        { class: 'plugins', 'data-testid': 'plugins' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Package'), h('th', {}, 'Version'), h('th', {}, 'Loaded from'))),
        h(
          'tbody',
          {},
          ...info.plugins.map((plugin) =>
            h(
              'tr',
              { 'data-plugin': plugin.name },
              h('td', {}, plugin.name),
              h('td', { class: 'mono' }, plugin.package),
              h('td', {}, plugin.version),
              h('td', { class: 'mono' }, plugin.source),
            ),
          ),
        ),
      ),
      h('h3', {}, 'Requests'),
      h(
        'p',
        { class: 'note' },
        'From runtime_env_agent_requests_total and runtime_env_agent_request_seconds, over the last ',
        String(REFRESH_MS / 1000),
        ' s.',
      ),
      h(
        'table',
        { class: 'requests', 'data-testid': 'request-rates' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Route'),
            h('th', { class: 'num' }, 'Requests/s'),
            h('th', { class: 'num' }, 'Mean latency'),
            h('th', { class: 'num' }, 'Total'),
          ),
        ),
        h(
          'tbody',
          {},
          ...rates.map((rate) =>
            h(
              'tr',
              { 'data-route': rate.route },
              h('td', {}, rate.route),
              h('td', { class: 'num' }, rate.perSecond === undefined ? '-' : rate.perSecond.toFixed(1)),
              h('td', { class: 'num' }, rate.meanMs === undefined ? '-' : `${rate.meanMs.toFixed(2)} ms`),
              h('td', { class: 'num' }, rate.total),
            ),
          ),
        ),
      ),
    );
  };
  const load = (): void => {
    getJson<AgentInfoResponse>('/v1/agent').then(
      (info) => {
        onInfo(info);
        draw({ at: performance.now(), info });
      },
      (error: unknown) => replaceChildren(root, h('p', { class: 'error' }, String((error as Error).message))),
    );
  };
  load();
  const timer = window.setInterval(load, REFRESH_MS);
  return { root, dispose: () => clearInterval(timer) };
}

interface RouteRate {
  route: string;
  total: number;
  perSecond?: number;
  meanMs?: number;
}

/** Per route: the counters' increase since the previous sample, as Prometheus' rate() would compute it. */
export function ratesSince(previous: Sample | undefined, current: Sample): RouteRate[] {
  const totals = (info: AgentInfoResponse): Map<string, number> => {
    const byRoute = new Map<string, number>();
    for (const entry of info.requests) byRoute.set(entry.route, (byRoute.get(entry.route) ?? 0) + entry.count);
    return byRoute;
  };
  const latency = (info: AgentInfoResponse): Map<string, { count: number; sumSeconds: number }> => new Map(info.latency.map((entry) => [entry.route, entry]));
  const now = totals(current.info);
  const before = previous === undefined ? undefined : totals(previous.info);
  const nowLatency = latency(current.info);
  const beforeLatency = previous === undefined ? undefined : latency(previous.info);
  const seconds = previous === undefined ? 0 : (current.at - previous.at) / 1000;
  return [...now.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([route, total]) => {
      const rate: RouteRate = { route, total };
      if (before !== undefined && seconds > 0) rate.perSecond = (total - (before.get(route) ?? 0)) / seconds;
      const a = beforeLatency?.get(route) ?? { count: 0, sumSeconds: 0 };
      const b = nowLatency.get(route);
      if (b !== undefined && b.count > a.count) rate.meanMs = ((b.sumSeconds - a.sumSeconds) / (b.count - a.count)) * 1000;
      return rate;
    });
}
