import { emptyLaunchContext, type LaunchContext } from '@runtime-env/plugin-api';
import { canonicalJson } from './canonical-json.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { CreatedUri, NormalizedCase, PluginHarness } from './plugin-harness.js';

/**
 * Applying `modifyContext` twice to one context gives the same JSON as applying it
 * once (the core may re-apply it when a cached environment is reused), and the
 * result is plain JSON (the agent sends it over HTTP). Returns the context.
 */
export async function checkModifyContextIdempotent(harness: PluginHarness, normalized: NormalizedCase, created: readonly CreatedUri[]): Promise<LaunchContext> {
  const { name } = harness.plugin;
  const context = emptyLaunchContext();
  await harness.modifyContext(created, normalized, context);
  const once = canonicalJson(context);
  const notJson = firstNonJsonPath(context, 'context');
  if (notJson) throw new ConformanceFailure(name, 'modifyContext keeps the context JSON', `${notJson} is not a JSON value`);
  await harness.modifyContext(created, normalized, context);
  const twice = canonicalJson(context);
  if (once !== twice) {
    throw new ConformanceFailure(
      name,
      'modifyContext is idempotent',
      `applying it twice changed the context from ${once} to ${twice}`,
      'set values instead of appending; use prependToPathList for path lists',
    );
  }
  return context;
}

function firstNonJsonPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstNonJsonPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstNonJsonPath(item, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return path;
}
