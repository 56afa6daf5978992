/**
 * JSON with object keys sorted at every level and no whitespace: the one textual
 * form of a value, so formatting and key order never split identical environments
 * (they do in Ray, where the serialized string is the cache key).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) sorted[key] = sortKeysDeep(entry);
  }
  return sorted;
}
