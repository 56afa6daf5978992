import type { RouteHandler } from '../routes/agent-context.js';
import { createEnvironmentRoute } from '../routes/create-environment-route.js';
import { environmentEventsRoute } from '../routes/environment-events-route.js';
import { environmentLogRoute } from '../routes/environment-log-route.js';
import { gcRoute, removeEnvironmentRoute } from '../routes/maintenance-routes.js';
import { pinRoute, unpinRoute } from '../routes/pin-routes.js';
import { prewarmRoute } from '../routes/prewarm-route.js';
import { getEnvironmentRoute, listEnvironmentsRoute } from '../routes/read-environment-routes.js';
import { releaseReferenceRoute, renewLeaseRoute } from '../routes/reference-routes.js';
import { healthRoute, metricsRoute } from '../routes/service-routes.js';
import { agentEventsRoute } from '../routes/agent-events-route.js';
import { agentInfoRoute } from '../routes/agent-info-route.js';
import { diskRoute } from '../routes/disk-route.js';
import { gcPreviewRoute } from '../routes/gc-preview-route.js';
import { dashboardRoute } from '../dashboard/dashboard-route.js';
import { HttpError } from './http-error.js';

/** A path's routes by method; `name` is the route's label in metrics and logs. */
interface RouteGroup {
  name: string;
  methods: Readonly<Record<string, RouteHandler>>;
  /** Answered without a token (a health probe carries none). */
  public?: boolean;
}

/** The dashboard's page and files: no data in them, so open (off loopback the page asks for the token). */
const dashboardGroup: RouteGroup = { name: 'dashboard', methods: { GET: dashboardRoute, HEAD: dashboardRoute }, public: true };
const UI_PREFIX = '/ui/';

const fixedPaths: ReadonlyMap<string, RouteGroup> = new Map<string, RouteGroup>([
  ['/v1/envs', { name: 'envs', methods: { POST: createEnvironmentRoute, GET: listEnvironmentsRoute } }],
  ['/v1/gc', { name: 'gc', methods: { POST: gcRoute } }],
  ['/v1/prewarm', { name: 'prewarm', methods: { POST: prewarmRoute } }],
  ['/v1/gc/preview', { name: 'gc_preview', methods: { GET: gcPreviewRoute } }],
  ['/v1/events', { name: 'events', methods: { GET: agentEventsRoute } }],
  ['/v1/agent', { name: 'agent', methods: { GET: agentInfoRoute } }],
  ['/v1/disk', { name: 'disk', methods: { GET: diskRoute } }],
  ['/healthz', { name: 'healthz', methods: { GET: healthRoute }, public: true }],
  ['/', dashboardGroup],
  ['/metrics', { name: 'metrics', methods: { GET: metricsRoute } }],
]);

const environmentGroup: RouteGroup = { name: 'env', methods: { GET: getEnvironmentRoute, DELETE: removeEnvironmentRoute } };
const environmentSubresources: ReadonlyMap<string, RouteGroup> = new Map<string, RouteGroup>([
  ['events', { name: 'env_events', methods: { GET: environmentEventsRoute } }],
  ['log', { name: 'env_log', methods: { GET: environmentLogRoute } }],
  ['pin', { name: 'env_pin', methods: { PUT: pinRoute, DELETE: unpinRoute } }],
]);
const referenceGroup: RouteGroup = { name: 'env_reference', methods: { PUT: renewLeaseRoute, DELETE: releaseReferenceRoute } };

const ENVIRONMENT_PREFIX = '/v1/envs/';

export interface MatchedRoute {
  name: string;
  handler: RouteHandler;
  segments: readonly string[];
  public: boolean;
}

/** Finds the handler for a method and path, or throws 404 (no such path) / 405 (no such method). */
export function matchRoute(method: string, path: string): MatchedRoute {
  const fixed = fixedPaths.get(path);
  if (fixed !== undefined) return pick(fixed, method, []);
  if (path.startsWith(UI_PREFIX) || path === '/ui') return pick(dashboardGroup, method, []);
  if (path.startsWith(ENVIRONMENT_PREFIX)) {
    const segments = path.slice(ENVIRONMENT_PREFIX.length).split('/');
    if (segments.length === 1 && segments[0] !== '') return pick(environmentGroup, method, segments);
    if (segments.length === 2) {
      const group = environmentSubresources.get(segments[1]!);
      if (group !== undefined) return pick(group, method, segments);
    }
    if (segments.length === 3 && segments[1] === 'references') return pick(referenceGroup, method, segments);
  }
  throw new HttpError(404, 'route_not_found', `no such path: ${path.slice(0, 200)}`, {
    hint: 'the API is under /v1 (POST /v1/envs, GET /v1/envs/{id}, ...) plus /healthz and /metrics; the dashboard is at /',
  });
}

function pick(group: RouteGroup, method: string, segments: readonly string[]): MatchedRoute {
  const handler = group.methods[method];
  if (handler === undefined) {
    const allowed = Object.keys(group.methods).join(', ');
    throw new HttpError(405, 'method_not_allowed', `${method.slice(0, 20)} is not allowed here; use ${allowed}`, { headers: { allow: allowed } });
  }
  return { name: group.name, handler, segments, public: group.public === true };
}
