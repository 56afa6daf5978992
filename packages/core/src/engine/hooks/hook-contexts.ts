import type { LoadedPlugin } from '../manager-types.js';
import type { JsonObject, PluginHookContext, PluginLogger } from '@runtime-env/plugin-api';
import type { DataLayout } from '../store/data-layout.js';
import type { LogLevel, SetupLog } from '../build/setup-log.js';

export type StructuredLog = (entry: JsonObject) => void;

/**
 * A plugin's logger: each line goes to the setup log of the environment being
 * made (masked there) and to the structured log. Without a setup log (validate,
 * launch), only the structured log gets it.
 */
export function createPluginLogger(plugin: string, log: StructuredLog | undefined, setupLog?: SetupLog): PluginLogger {
  const write = (level: LogLevel, message: string, fields?: JsonObject): void => {
    const masked = setupLog ? setupLog.write(plugin, level, message, fields) : message;
    log?.({ event: 'plugin_log', plugin, level, message: masked, ...(setupLog ? {} : fields) });
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export function baseHookContext(
  loaded: LoadedPlugin,
  layout: DataLayout,
  signal: AbortSignal,
  log: StructuredLog | undefined,
  setupLog?: SetupLog,
): PluginHookContext<unknown> {
  return {
    pluginDirectory: layout.pluginSharedDirectory(loaded.plugin.name),
    dataDirectory: layout.dataDirectory,
    logger: createPluginLogger(loaded.plugin.name, log, setupLog),
    options: loaded.options,
    signal,
  };
}
