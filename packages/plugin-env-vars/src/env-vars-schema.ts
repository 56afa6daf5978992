import { z } from 'zod';

/** The normalized `env_vars`: variable name to unexpanded value, keys sorted. */
export type EnvironmentVariables = Readonly<Record<string, string>>;

/**
 * Ray's `env_vars`: a dict of str to str, nothing else. Numbers and booleans are
 * rejected rather than stringified because `8080` vs `"8080.0"` or `True` vs
 * `"true"` is exactly the silent surprise a typed field exists to prevent.
 *
 * Every message names the variable but never its value: values are often secrets
 * (tokens, passwords), and validation errors travel to logs, HTTP bodies and
 * dashboards (Ray's ray#28276).
 */
export const envVarsSchema = z.unknown().transform((value, context): EnvironmentVariables | undefined => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    context.addIssue({
      code: 'custom',
      message: `expected a dictionary of variable names to string values, got ${describeKind(value)}`,
    });
    return z.NEVER;
  }
  const entries: [string, string][] = [];
  for (const [name, variableValue] of Object.entries(value)) {
    const problem = problemWithName(name) ?? problemWithValue(name, variableValue);
    if (problem) {
      context.addIssue({ code: 'custom', path: [name], message: problem });
      continue;
    }
    entries.push([name, variableValue as string]);
  }
  // Ray drops an empty env_vars; the core drops a field whose normalized value is undefined.
  if (entries.length === 0) return undefined;
  entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  // fromEntries defines properties, so a variable named "__proto__" stays a variable.
  return Object.fromEntries(entries);
});

function problemWithName(name: string): string | undefined {
  if (name === '') return 'a variable name must not be empty';
  if (name.includes('='))
    return `variable name ${JSON.stringify(name)} contains "=", which the operating system reads as the end of the name; rename the variable`;
  if (name.includes('\0'))
    return `variable name ${JSON.stringify(name)} contains a NUL character, which environment variables cannot hold; rename the variable`;
  return undefined;
}

function problemWithValue(name: string, value: unknown): string | undefined {
  const quotedName = JSON.stringify(name);
  if (typeof value !== 'string') {
    return `the value of ${quotedName} must be a string, got ${describeKind(value)}; quote it in the document (for example "8080", not 8080)`;
  }
  if (value.includes('\0')) return `the value of ${quotedName} contains a NUL character, which environment variables cannot hold`;
  return undefined;
}

/** The kind of a value, never the value itself: a wrong type may still be a secret. */
function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}
