import { existsSync } from 'node:fs';
import type { LaunchContext } from '@runtime-env/plugin-api';
import type { EnvironmentStore } from '../store/environment-store.js';
import type { UriStore } from '../store/uri-store.js';

export interface ServableEnvironment {
  environmentId: string;
  context: LaunchContext;
  /** The directories of the URIs it needs, each ready and on disk. */
  uriPaths: string[];
}

/**
 * An environment that can be served as it is: the record is ready and every URI
 * it needs is ready and still on disk. Undefined otherwise (the engine then
 * rebuilds what is missing). The engine serves from it, and the fast path's
 * environment file is written from it, so both trust a record on the same terms.
 */
export function servableEnvironmentOf(environments: EnvironmentStore, uris: UriStore, environmentId: string): ServableEnvironment | undefined {
  const row = environments.get(environmentId);
  if (row?.state !== 'ready' || !row.context_json) return undefined;
  const uriPaths: string[] = [];
  for (const { uri } of environments.urisOf(environmentId)) {
    const uriRow = uris.get(uri);
    if (uriRow?.state !== 'ready' || !existsSync(uriRow.path)) return undefined;
    uriPaths.push(uriRow.path);
  }
  return { environmentId, context: JSON.parse(row.context_json) as LaunchContext, uriPaths };
}

/** The launch context of a servable environment (see `servableEnvironmentOf`). */
export function servableContextOf(environments: EnvironmentStore, uris: UriStore, environmentId: string): LaunchContext | undefined {
  return servableEnvironmentOf(environments, uris, environmentId)?.context;
}
