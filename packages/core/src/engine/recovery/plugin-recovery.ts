import type { DataLayout } from '../store/data-layout.js';
import { baseHookContext, type StructuredLog } from '../hooks/hook-contexts.js';
import { invokeHook } from '../hooks/hook-invocation.js';
import type { LoadedPlugin } from '../manager-types.js';

/**
 * Runs each plugin's `recover` hook, after the core's own recovery. A plugin
 * that cannot clean up is logged, not fatal: leftovers cost disk, not correctness.
 */
export async function recoverPlugins(plugins: readonly LoadedPlugin[], layout: DataLayout, signal: AbortSignal, log: StructuredLog | undefined): Promise<void> {
  for (const loaded of plugins) {
    const { plugin } = loaded;
    if (!plugin.recover) continue;
    try {
      await invokeHook({ plugin: plugin.name, hook: 'recover', signal, log }, () => plugin.recover!(baseHookContext(loaded, layout, signal, log)));
    } catch (error) {
      log?.({ event: 'plugin_recovery_failed', plugin: plugin.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
