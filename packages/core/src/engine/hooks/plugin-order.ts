import type { LoadedPlugin } from '../manager-types.js';

/** Ray's default plugin priority. */
export const DEFAULT_PRIORITY = 10;

/** Plugins sorted by priority, lower first; ties keep configuration order (a stable sort). */
export function inPriorityOrder(plugins: readonly LoadedPlugin[]): LoadedPlugin[] {
  return [...plugins].sort((a, b) => (a.plugin.priority ?? DEFAULT_PRIORITY) - (b.plugin.priority ?? DEFAULT_PRIORITY));
}
