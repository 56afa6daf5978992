import { join } from 'node:path';
import { expandVariables } from '@runtime-env/plugin-api';
import type { NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import type { PipOptions } from './pip-options.js';

/** Variables of the agent's own environment that would point pip at another Python or target. */
const inheritedVariablesToDrop = ['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'PIP_TARGET', 'PIP_PREFIX', 'PIP_USER', 'PIP_PYTHON', 'PIP_REQUIRE_VIRTUALENV'];

export function runtimeEnvVariables(runtimeEnv: NormalizedRuntimeEnv): Record<string, string> {
  const variables = runtimeEnv.env_vars;
  if (variables === null || typeof variables !== 'object') return {};
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export interface PipChildEnvironment {
  env: Record<string, string>;
  /** Values to mask in the setup log: every env_vars value, raw and expanded. */
  secrets: string[];
}

/**
 * pip runs with this node's environment plus the runtime_env's `env_vars` (as in
 * Ray, which is how users point pip at their own index with `PIP_INDEX_URL`), with
 * a shared cache unless turned off, and never waiting for input.
 */
export function pipChildEnvironment(runtimeEnv: NormalizedRuntimeEnv, options: PipOptions, pluginDirectory: string): PipChildEnvironment {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !inheritedVariablesToDrop.includes(name)) base[name] = value;
  }
  const secrets: string[] = [];
  const userVariables = runtimeEnvVariables(runtimeEnv);
  for (const [name, value] of Object.entries(userVariables)) {
    const expanded = expandVariables(value, process.env);
    base[name] = expanded;
    for (const secret of [value, expanded]) if (secret.length > 0) secrets.push(secret);
  }
  const userChoseCache = 'PIP_CACHE_DIR' in userVariables || 'PIP_NO_CACHE_DIR' in userVariables;
  if (!userChoseCache) {
    if (options.pipCache === false) base.PIP_NO_CACHE_DIR = '1';
    else base.PIP_CACHE_DIR = typeof options.pipCache === 'string' ? options.pipCache : join(pluginDirectory, 'pip-cache');
  }
  return {
    env: { ...base, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1', PIP_PROGRESS_BAR: 'off', PYTHONUNBUFFERED: '1' },
    secrets,
  };
}
