import type { DataLayout } from '../store/data-layout.js';
import { baseHookContext, type StructuredLog } from './hook-contexts.js';
import { invokeHook } from './hook-invocation.js';
import type { LoadedPlugin } from '../manager-types.js';

/**
 * Runs each plugin's `close` hook when the engine closes, side by side (each may
 * wait on its own service, a Docker Engine say). A failure is logged, not
 * thrown: the engine still closes, and what was not released is the next
 * start's `recover` to clean up.
 */
export async function closePlugins(plugins: readonly LoadedPlugin[], layout: DataLayout, log: StructuredLog | undefined): Promise<void> {
  // Not the close signal, which has fired by now: releasing must not be cut short by the closing it serves.
  const signal = new AbortController().signal;
  await Promise.all(
    plugins.map(async (loaded) => {
      const { plugin } = loaded;
      if (!plugin.close) return;
      try {
        await invokeHook({ plugin: plugin.name, hook: 'close', signal, log }, () => plugin.close!(baseHookContext(loaded, layout, signal, log)));
      } catch (error) {
        log?.({ event: 'plugin_close_failed', plugin: plugin.name, message: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
}
