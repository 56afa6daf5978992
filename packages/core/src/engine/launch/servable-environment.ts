import { existsSync } from 'node:fs';
import type { LaunchContext } from '@runtime-env/plugin-api';
import type { EnvironmentStore } from '../store/environment-store.js';
import type { UriStore } from '../store/uri-store.js';

/**
 * The recorded launch context of an environment that can be served as it is: the
 * record is ready and every URI it needs is ready and still on disk. Undefined
 * otherwise (the engine then rebuilds what is missing). Shared by the engine and
 * the light `fast-path` entry so both trust a record on the same terms.
 */
export function servableContextOf(environments: EnvironmentStore, uris: UriStore, environmentId: string): LaunchContext | undefined {
  const row = environments.get(environmentId);
  if (row?.state !== 'ready' || !row.context_json) return undefined;
  for (const { uri } of environments.urisOf(environmentId)) {
    const uriRow = uris.get(uri);
    if (uriRow?.state !== 'ready' || !existsSync(uriRow.path)) return undefined;
  }
  return JSON.parse(row.context_json) as LaunchContext;
}
