/** Shorter values are not masked: masking `1` or `on` would garble every log line and hide nothing. */
const MINIMUM_SECRET_LENGTH = 3;
export const MASK = '***';

/** Replaces every occurrence of each secret with `***`, longest first so overlaps mask fully. */
export function createMasker(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set([...secrets].filter((secret) => secret.length >= MINIMUM_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let masked = text;
    for (const value of values) {
      if (masked.includes(value)) masked = masked.split(value).join(MASK);
    }
    return masked;
  };
}

/**
 * The values the core always masks: those of the document's `env_vars` (named in
 * the plugin contract), whichever plugin owns the field.
 */
export function secretsOfRuntimeEnv(runtimeEnv: Readonly<Record<string, unknown>>): string[] {
  const environmentVariables = runtimeEnv['env_vars'];
  if (environmentVariables === null || typeof environmentVariables !== 'object') return [];
  return Object.values(environmentVariables).filter((value): value is string => typeof value === 'string');
}
