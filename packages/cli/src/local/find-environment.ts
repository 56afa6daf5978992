import { EnvironmentNotFoundError, type EnvironmentRecord, type RuntimeEnvManager } from '@runtime-env/core';
import { InputError } from '../errors/input-error.js';

/** Finds an environment by its id or a unique prefix of it, as git finds commits. */
export function findEnvironment(manager: Pick<RuntimeEnvManager, 'getEnvironment' | 'listEnvironments'>, idOrPrefix: string): EnvironmentRecord {
  const exact = manager.getEnvironment(idOrPrefix);
  if (exact) return exact;
  const matches = idOrPrefix.length === 0 ? [] : manager.listEnvironments().filter((record) => record.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new EnvironmentNotFoundError(idOrPrefix);
  const shown = matches
    .slice(0, 5)
    .map((record) => record.id)
    .join(', ');
  throw new InputError(
    'ambiguous_environment',
    `"${idOrPrefix}" matches ${matches.length} environments (${shown}${matches.length > 5 ? ', ...' : ''})`,
    'give more characters of the id',
  );
}
