import { maskUrlCredentials, type JsonObject, type JsonValue } from '@runtime-env/core';

const MASK = '***';
/** Keys whose whole value is a secret. */
const secretKeys = new Set(['authorization', 'token', 'password', 'secret']);
/** Keys whose value is a map of names to secret values: names are kept, values masked. */
const secretMapKeys = new Set(['env_vars', 'envVars']);

/** A copy of `value` with tokens, every `env_vars` value and the credentials of every URL replaced by `***`. */
export function redactSecrets(value: Record<string, unknown>): JsonObject {
  return redactValue(value, 0) as JsonObject;
}

function redactValue(value: unknown, depth: number): JsonValue {
  if (value === null || typeof value !== 'object') {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string') return maskUrlCredentials(value);
    return value as JsonValue;
  }
  // Log fields are shallow; a deep structure is cut rather than walked.
  if (depth > 8) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: maskUrlCredentials(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const lowered = key.toLowerCase();
    if (secretKeys.has(lowered)) result[key] = MASK;
    else if (secretMapKeys.has(key) && item !== null && typeof item === 'object' && !Array.isArray(item))
      result[key] = maskValues(item as Record<string, unknown>);
    else result[key] = redactValue(item, depth + 1);
  }
  return result;
}

function maskValues(map: Record<string, unknown>): JsonObject {
  const result: JsonObject = {};
  for (const key of Object.keys(map)) result[key] = MASK;
  return result;
}
