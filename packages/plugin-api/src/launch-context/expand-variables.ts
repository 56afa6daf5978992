/**
 * Ray's expansion of `env_vars` values at launch: `$NAME` and `${NAME}` are replaced
 * by the launching process's value when it has one and kept literally otherwise
 * (Python's `os.path.expandvars`); then any `${NAME}` left whose name is upper-case
 * letters, digits and underscores is removed. So `${MISSING}` becomes the empty
 * string while `$missing` and `${lower}` stay as written, exactly as in Ray.
 */
export function expandVariables(value: string, baseEnvironment: Readonly<Record<string, string | undefined>>): string {
  if (!value.includes('$')) return value;
  const expanded = value.replace(/\$(\w+|\{[^}]*\})/g, (whole, reference: string) => {
    const name = reference.startsWith('{') ? reference.slice(1, -1) : reference;
    const replacement = baseEnvironment[name];
    return replacement === undefined ? whole : replacement;
  });
  return expanded.replace(/\$\{[A-Z0-9_]+\}/g, '');
}
