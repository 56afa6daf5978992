import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@runtime-env/plugin-api';
import { resolveDataDirectory } from './data-directory.js';

export const CONFIG_FILE_NAME = 'rtenv.config.json';

export interface ConfigLocationOptions {
  /** `--config`; else `RTENV_CONFIG`; else `rtenv.config.json` in the cwd when present. */
  configPath?: string | undefined;
  /** `--data-dir`. */
  dataDirectoryFlag?: string | undefined;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** The config file found and read, but not yet checked against its schema. */
export interface ConfigLocation {
  /** The file, when there is one. */
  configPath: string | undefined;
  /** Its exact bytes (what was parsed is what the fast path records). */
  bytes: Buffer | undefined;
  /** The parsed JSON, unchecked; `{}` without a file. */
  json: unknown;
  configDirectory: string;
  dataDirectory: string;
}

/**
 * Finds and reads the config file and resolves the data directory: the one
 * place that knows the precedence (flag, `RTENV_CONFIG`, the cwd's file), used
 * by `loadConfig` and, without zod or plugins, by the fast path
 * (`@runtime-env/core/fast-path`) to know which data directory and records apply.
 * A `dataDir` that is not a string is left to the schema check to report.
 */
export function locateConfig(options: ConfigLocationOptions = {}): ConfigLocation {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const configPath = findConfigFile(options.configPath ?? env.RTENV_CONFIG, cwd);
  const bytes = configPath === undefined ? undefined : readConfigBytes(configPath);
  const json = configPath === undefined ? {} : parseConfigJson(configPath, bytes!);
  const configDirectory = configPath ? path.dirname(configPath) : cwd;
  const dataDir = typeof json === 'object' && json !== null ? (json as { dataDir?: unknown }).dataDir : undefined;
  return {
    configPath,
    bytes,
    json,
    configDirectory,
    dataDirectory: resolveDataDirectory({
      flag: options.dataDirectoryFlag,
      env,
      configValue: typeof dataDir === 'string' ? dataDir : undefined,
      configDirectory,
      cwd,
    }),
  };
}

function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const resolved = path.resolve(cwd, explicit);
    if (!existsSync(resolved)) throw new ConfigError('config_not_found', resolved, 'the config file does not exist');
    return resolved;
  }
  const implicit = path.join(cwd, CONFIG_FILE_NAME);
  return existsSync(implicit) ? implicit : undefined;
}

function readConfigBytes(configPath: string): Buffer {
  try {
    return readFileSync(configPath);
  } catch (error) {
    throw new ConfigError('invalid_config', configPath, `cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function parseConfigJson(configPath: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new ConfigError('invalid_config', configPath, `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
