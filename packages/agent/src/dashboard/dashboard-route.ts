import type { RouteHandler } from '../routes/agent-context.js';
import { HttpError } from '../http/http-error.js';

/** The page may load its own files and talk to this agent, nothing else: no inline script, no other origin. */
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

const UI_PREFIX = '/ui/';

/**
 * `GET /` and `GET /ui/...`: the dashboard's static files. A path under `/ui/` that
 * names no file gets the page itself, so a bookmarked view (`/ui/#/disk`) reloads.
 */
export const dashboardRoute: RouteHandler = async (scope, agent) => {
  if (agent.dashboard === undefined) {
    throw new HttpError(404, 'dashboard_disabled', 'this agent serves no dashboard', { hint: 'the dashboard was turned off when the agent was started' });
  }
  const path = scope.request.url?.split('?')[0] ?? '/';
  const name = path.startsWith(UI_PREFIX) ? path.slice(UI_PREFIX.length) : '';
  const asset = (name !== '' && !name.includes('/') ? await agent.dashboard.get(name) : undefined) ?? (await agent.dashboard.get('index.html'));
  if (asset === undefined)
    throw new HttpError(503, 'dashboard_not_built', 'the dashboard has no index.html', { hint: 'build it with `pnpm --filter @runtime-env/dashboard build`' });
  scope.response.writeHead(200, {
    ...securityHeaders,
    'content-type': asset.contentType,
    'content-length': asset.body.length,
    'x-request-id': scope.requestId,
  });
  scope.response.end(scope.request.method === 'HEAD' ? undefined : asset.body);
};
