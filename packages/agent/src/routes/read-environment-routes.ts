import { sendJson } from '../http/respond.js';
import { parseRequest } from '../validation/parse-request.js';
import { listQuerySchema } from '../validation/request-schemas.js';
import { environmentView, indexUris } from '../views/environment-view.js';
import type { ListEnvironmentsResponse } from '@runtime-env/client';
import type { RouteHandler } from './agent-context.js';
import { lookUpEnvironment } from './environment-lookup.js';

const DEFAULT_PAGE_SIZE = 100;

/** `GET /v1/envs/{id}`: state, URIs with sizes and locks, references, timings, setup log path, error. */
export const getEnvironmentRoute: RouteHandler = (scope, agent) => {
  const record = lookUpEnvironment(scope, agent);
  const wanted = new Set(record.uris.map((entry) => entry.uri));
  const uris = indexUris(wanted.size === 0 ? [] : agent.manager.listUris().filter((uri) => wanted.has(uri.uri)));
  sendJson(scope.response, 200, environmentView(record, uris), scope.requestId);
};

/**
 * `GET /v1/envs?state=&plugin=&limit=&cursor=`: pages ordered by id, so a cursor
 * (the last id of a page) stays valid while environments come and go. The core's
 * summaries choose the page (no document of the other environments is read); only
 * the page's environments are read in full.
 */
export const listEnvironmentsRoute: RouteHandler = (scope, agent) => {
  const query = parseRequest(listQuerySchema, Object.fromEntries(new URLSearchParams(scope.query)), 'query');
  const filter: { state?: typeof query.state; plugin?: string } = {};
  if (query.state !== undefined) filter.state = query.state;
  if (query.plugin !== undefined) filter.plugin = query.plugin;
  const matching = agent.manager.listEnvironmentSummaries(filter).sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const start = query.cursor === undefined ? 0 : firstIndexAfter(matching, query.cursor);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const pageIds = matching.slice(start, start + limit).map((summary) => summary.id);
  // One removed between the listing and this read is left out of the page.
  const page = pageIds.flatMap((id) => agent.manager.getEnvironment(id) ?? []);
  const uris = indexUris(page.some((record) => record.uris.length > 0) ? agent.manager.listUris() : []);
  const body: ListEnvironmentsResponse = { items: page.map((record) => environmentView(record, uris)), total: matching.length };
  if (start + limit < matching.length && pageIds.length > 0) body.nextCursor = pageIds[pageIds.length - 1]!;
  sendJson(scope.response, 200, body, scope.requestId);
};

function firstIndexAfter(sorted: readonly { id: string }[], cursor: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.id <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}
