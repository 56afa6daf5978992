/**
 * How `rtenv logs -f` ends on a failed environment: its code, and the hint the
 * failing error carried (a plugin's own, kept with the record), when it had one.
 */
export function failureLine(environmentId: string, error: { code: string; hint?: string } | undefined): string {
  const hint = error?.hint === undefined ? '' : `  hint: ${error.hint}\n`;
  return `rtenv: environment ${environmentId} failed${error ? ` [${error.code}]` : ''}\n${hint}`;
}
