import { resolve } from 'node:path';
import { DataLayout } from '../engine/store/data-layout.js';
import type { PluginLogger } from '@runtime-env/plugin-api';

/**
 * `ctx.pluginDirectory` of a plugin, as the engine gives it, for a process that
 * calls one hook (`launch`) without opening the engine.
 */
export function pluginDirectoryOf(dataDirectory: string, plugin: string): string {
  return new DataLayout(resolve(dataDirectory)).pluginSharedDirectory(plugin);
}

const ignore = (): void => {};

/**
 * A logger that drops every line: the engine's `launch` writes plugin lines only to
 * its structured log, which a CLI run does not keep, and a plugin must not write to
 * the console.
 */
export const silentPluginLogger: PluginLogger = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });
