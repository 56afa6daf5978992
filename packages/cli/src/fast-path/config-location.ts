import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveDataDirectory } from '@runtime-env/core/cached-run';
import type { CliIo } from '../cli-io.js';
import { configFileName } from '../config/plugin-resolution.js';

/** The config as the fast path of `rtenv run` sees it: found and read, but not checked. */
export interface ConfigLocation {
  /** The file, when there is one. */
  configPath: string | undefined;
  /** Its exact bytes, for the document memo's namespace. */
  bytes: Buffer | undefined;
  /** The `plugins` value as written (the engine's path checks it). */
  plugins: unknown;
  configDirectory: string;
  dataDirectory: string;
}

/**
 * Finds the config file and the data directory with the same precedence as the
 * core's `loadConfig`, without zod or the core's main entry. Undefined when the
 * file is missing or unreadable, or its `dataDir` is not a string: then only the
 * engine's path can say what is wrong. A file the schema would refuse is fine
 * here: no memo can exist under its namespace, since no run ever got past it.
 */
export function locateConfig(values: { config?: string; 'data-dir'?: string }, io: CliIo): ConfigLocation | undefined {
  const explicit = values.config ?? io.env.RTENV_CONFIG;
  let configPath: string | undefined;
  if (explicit) {
    configPath = path.resolve(io.cwd, explicit);
  } else {
    const implicit = path.join(io.cwd, configFileName);
    configPath = existsSync(implicit) ? implicit : undefined;
  }
  let bytes: Buffer | undefined;
  let file: { dataDir?: unknown; plugins?: unknown } = {};
  if (configPath) {
    try {
      bytes = readFileSync(configPath);
      file = JSON.parse(bytes.toString('utf8')) as typeof file;
    } catch {
      return undefined;
    }
    if (typeof file !== 'object' || file === null) return undefined;
  }
  if (file.dataDir !== undefined && typeof file.dataDir !== 'string') return undefined;
  const configDirectory = configPath ? path.dirname(configPath) : io.cwd;
  return {
    configPath,
    bytes,
    plugins: file.plugins,
    configDirectory,
    dataDirectory: resolveDataDirectory({ flag: values['data-dir'], env: io.env, configValue: file.dataDir, configDirectory, cwd: io.cwd }),
  };
}
