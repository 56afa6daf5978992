import type { AnyRuntimeEnvPlugin, LockedPackage } from '@runtime-env/core';

/**
 * The plugin's own lock format where it has one (or the `format` asked for), else
 * one `name==version` line per package. A format the plugin does not write is an
 * error naming the plugin.
 */
export function formatLock(plugin: AnyRuntimeEnvPlugin | undefined, lock: readonly LockedPackage[], format?: string): string {
  if (format !== undefined && !plugin?.formatLock) throw new Error(`plugin "${plugin?.name ?? '?'}" has no lock formats; run rtenv lock without --format`);
  let text: string;
  try {
    text = plugin?.formatLock ? plugin.formatLock(lock, format) : lock.map((entry) => `${entry.name}==${entry.version}`).join('\n');
  } catch (error) {
    throw new Error(`plugin "${plugin?.name ?? '?'}" cannot write its lock${format ? ` as "${format}"` : ''}: ${(error as Error).message}`);
  }
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
