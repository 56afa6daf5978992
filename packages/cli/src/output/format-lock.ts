import type { AnyRuntimeEnvPlugin, LockedPackage } from '@runtime-env/core';

/** The plugin's own lock format where it has one, else one `name==version` line per package. */
export function formatLock(plugin: AnyRuntimeEnvPlugin | undefined, lock: readonly LockedPackage[]): string {
  const text = plugin?.formatLock ? plugin.formatLock(lock) : lock.map((entry) => `${entry.name}==${entry.version}`).join('\n');
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
