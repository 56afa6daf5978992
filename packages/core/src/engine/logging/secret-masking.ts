/** Shorter values are not masked: masking `1` or `on` would garble every log line and hide nothing. */
const MINIMUM_SECRET_LENGTH = 3;
export const MASK = '***';

/**
 * A URL's scheme and userinfo: `scheme://userinfo@`. The userinfo runs to the
 * last `@` before the path (a password may hold an unescaped `@`), and stops at
 * quotes and spaces, so a URL inside JSON or a command line is cut where it ends.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>`\\]*)@/gi;

/**
 * Masks the credentials in every URL of `text`: `https://user:pass@host` becomes
 * `https://user:***@host`, and a userinfo without a password (a token, as in
 * `https://TOKEN@github.com`) becomes `***`. Masking twice changes nothing.
 */
export function maskUrlCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${MASK}@` : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
}

/**
 * A copy of a JSON value (a document, a record) with URL credentials masked in
 * every string. Walked with a stack, not recursion: a stored document may nest
 * deeper than the call stack allows.
 */
export function maskUrlCredentialsIn<Value>(value: Value): Value {
  const root = { value: value as unknown };
  const pending: [holder: Record<string, unknown>, key: string][] = [[root, 'value']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [holder, key] = next;
    const item = holder[key];
    if (typeof item === 'string') holder[key] = maskUrlCredentials(item);
    else if (Array.isArray(item) || isPlainObject(item)) {
      const copy: Record<string, unknown> = Array.isArray(item) ? ([...item] as unknown as Record<string, unknown>) : { ...item };
      holder[key] = copy;
      for (const childKey of Object.keys(copy)) pending.push([copy, childKey]);
    }
  }
  return root.value as Value;
}

/** Other objects (a Date, an Error) are left whole: copying their fields would change what they print as. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Replaces every occurrence of each secret with `***`, longest first so overlaps
 * mask fully, then the credentials of any URL (which need no list of secrets).
 */
export function createMasker(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set([...secrets].filter((secret) => secret.length >= MINIMUM_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return maskUrlCredentials;
  return (text) => {
    let masked = text;
    for (const value of values) {
      if (masked.includes(value)) masked = masked.split(value).join(MASK);
    }
    return maskUrlCredentials(masked);
  };
}

/**
 * The values the core always masks: those of the document's `env_vars` (named in
 * the plugin contract), whichever plugin owns the field.
 */
export function secretsOfRuntimeEnv(runtimeEnv: Readonly<Record<string, unknown>>): string[] {
  const environmentVariables = runtimeEnv.env_vars;
  if (environmentVariables === null || typeof environmentVariables !== 'object') return [];
  return Object.values(environmentVariables).filter((value): value is string => typeof value === 'string');
}
