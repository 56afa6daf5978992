/**
 * What to do about a failure: the first hint in the error's `cause` chain. A
 * `PluginError` carries none of its own: the hint is its cause's, the error the
 * plugin threw (a `SetupFailure`'s). Given only when the error's (masked) message
 * already shows it: a hint that quoted an env_vars value is left out rather than
 * shown or stored unmasked.
 */
export function failureHintOf(error: unknown): string | undefined {
  const shown = error instanceof Error ? error.message : '';
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth += 1) {
    const hint = (current as { hint?: unknown }).hint;
    if (typeof hint === 'string' && hint !== '') return shown.includes(hint) ? hint : undefined;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
