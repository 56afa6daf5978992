import { createMasker } from '@runtime-env/core/plugin';

/** Masks each secret value in `text`, and the credentials of every URL, as the core masks its logs. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return createMasker(secrets)(text);
}

/** The `env_vars` values of a runtime_env document, whatever shape it arrived in. */
export function secretsOfDocument(document: unknown): string[] {
  if (typeof document !== 'object' || document === null) return [];
  const variables = (document as { env_vars?: unknown }).env_vars;
  if (typeof variables !== 'object' || variables === null) return [];
  return Object.values(variables).filter((value): value is string => typeof value === 'string');
}
