/** `['pip_install_options', 1]` under `pip` → `pip.pip_install_options[1]`. */
export function formatIssuePath(field: string, path: readonly PropertyKey[]): string {
  let formatted = field;
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) formatted += `.${segment}`;
    else formatted += `[${JSON.stringify(String(segment))}]`;
  }
  return formatted;
}
