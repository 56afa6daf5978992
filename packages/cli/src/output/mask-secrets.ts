/** Values shorter than this are too common ("1", "on") to mask without garbling the text. */
const shortestMaskedLength = 4;

/** Replaces each secret value in `text` with `***`, longest first so overlapping values mask whole. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const maskable = [...new Set(secrets)].filter((secret) => secret.length >= shortestMaskedLength).sort((left, right) => right.length - left.length);
  let masked = text;
  for (const secret of maskable) masked = masked.split(secret).join('***');
  return masked;
}

/** The `env_vars` values of a runtime_env document, whatever shape it arrived in. */
export function secretsOfDocument(document: unknown): string[] {
  if (typeof document !== 'object' || document === null) return [];
  const variables = (document as { env_vars?: unknown }).env_vars;
  if (typeof variables !== 'object' || variables === null) return [];
  return Object.values(variables).filter((value): value is string => typeof value === 'string');
}
