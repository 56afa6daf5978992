import { checkPluginShape as checkShapeAsTheCoreDoes, type AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';
import { ConformanceFailure } from './conformance-failure.js';

/**
 * What the core's loader checks (the same code, from plugin-api), plus what it
 * cannot: a `delete` without a `create` has nothing to free, and a `launch` hook
 * is useless without a `modifyContext` that names it as the launcher.
 */
export function checkPluginShape(plugin: AnyRuntimeEnvPlugin): void {
  const name = typeof plugin?.name === 'string' ? plugin.name : '(unnamed)';
  try {
    checkShapeAsTheCoreDoes(plugin, `plugin "${name}" under test`);
  } catch (error) {
    throw new ConformanceFailure(name, 'plugin shape', error instanceof Error ? error.message : String(error));
  }
  if (plugin.delete && !plugin.create) {
    throw new ConformanceFailure(name, 'plugin shape', 'has a delete hook but no create hook, so there is never anything to delete');
  }
  if (plugin.launch && !plugin.modifyContext) {
    throw new ConformanceFailure(name, 'plugin shape', 'has a launch hook but no modifyContext to set `context.launcher` to it, so it is never called');
  }
}
