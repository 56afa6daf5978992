import type { WorkingDirOptions } from '../plugin-options.js';

/** Headers for HTTP(S) sources: the bearer token from the options or its environment variable, never logged. */
export function httpHeaders(options: WorkingDirOptions): Record<string, string> {
  const token = options.httpBearerToken ?? process.env[options.httpBearerTokenEnv];
  return { 'user-agent': 'rtenv-working-dir', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}
