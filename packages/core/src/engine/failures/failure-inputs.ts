import { createHash } from 'node:crypto';
import { canonicalJson } from '../../document/canonical-json.js';
import type { LoadedPlugin, ResolvedEnvironment } from '../manager-types.js';

/**
 * A digest of everything that could change whether a creation fails: the
 * normalized document, its `config` (a timeout), and this process's values of the
 * variables the document's plugins declare in `readsEnvironmentVariables` (an
 * index in `PIP_INDEX_URL`). A failure is replayed only under the same digest.
 * Values enter as digests only: they can be credentials.
 */
export function failureInputsDigestOf(resolved: ResolvedEnvironment, plugins: readonly LoadedPlugin[], environment: NodeJS.ProcessEnv = process.env): string {
  const patterns = plugins
    .filter(({ plugin }) => resolved.runtimeEnv[plugin.name] !== undefined)
    .flatMap(({ plugin }) => plugin.readsEnvironmentVariables ?? []);
  const variables: Record<string, string> = {};
  // Reading `process.env` whole crosses into C++ once per variable (tens of µs): skip it when nothing is looked for.
  for (const [name, value] of patterns.length > 0 ? Object.entries(environment) : []) {
    if (value !== undefined && patterns.some((pattern) => matchesVariable(pattern, name))) variables[name] = sha256(value);
  }
  return sha256(canonicalJson({ runtimeEnv: resolved.runtimeEnv, config: resolved.config, variables }));
}

/** `PIP_INDEX_URL` matches itself and `PIP_*`. */
function matchesVariable(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
