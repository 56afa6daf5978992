import { checkPluginShape as checkShapeAsTheCoreDoes, PLUGIN_API_VERSION, type AnyRuntimeEnvPlugin } from '@runtime-env/core';
import { ConformanceFailure } from './conformance-failure.js';

const HOOKS = ['validate', 'hash', 'isHashPure', 'create', 'modifyContext', 'delete', 'recover', 'close', 'launch', 'merge', 'formatLock'] as const;

/**
 * What the config loader checks, plus what it cannot: a `delete` without a
 * `create` has nothing to free, and a `launch` hook is useless without a
 * `modifyContext` that names it as the launcher.
 */
export function checkPluginShape(plugin: AnyRuntimeEnvPlugin): void {
  const name = typeof plugin?.name === 'string' ? plugin.name : '(unnamed)';
  try {
    checkShapeAsTheCoreDoes(plugin, 'under test');
  } catch (error) {
    throw new ConformanceFailure(name, 'plugin shape', error instanceof Error ? error.message : String(error));
  }
  if (plugin.apiVersion !== PLUGIN_API_VERSION) throw new ConformanceFailure(name, 'plugin shape', `apiVersion is ${String(plugin.apiVersion)}`);
  const priority = plugin.priority ?? 10;
  if (!(priority >= 0 && priority <= 100)) throw new ConformanceFailure(name, 'plugin shape', `priority ${priority} is outside 0..100`);
  for (const hook of HOOKS) {
    const value = (plugin as unknown as Record<string, unknown>)[hook];
    if (value !== undefined && typeof value !== 'function') throw new ConformanceFailure(name, 'plugin shape', `"${hook}" is not a function`);
  }
  if (plugin.delete && !plugin.create) {
    throw new ConformanceFailure(name, 'plugin shape', 'has a delete hook but no create hook, so there is never anything to delete');
  }
  if (plugin.launch && !plugin.modifyContext) {
    throw new ConformanceFailure(name, 'plugin shape', 'has a launch hook but no modifyContext to set `context.launcher` to it, so it is never called');
  }
}
