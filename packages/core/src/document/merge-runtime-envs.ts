import type { LoadedPlugin } from '../engine/manager-types.js';
import { ValidationError } from '@runtime-env/plugin-api';
import type { NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import { CORE_FIELD, fieldOwnersOf } from './field-owners.js';
import { validateRuntimeEnv } from './validate-runtime-env.js';

/**
 * A task's runtime_env over its job's, as Ray merges them: a field in the child
 * replaces the parent's wholesale unless its plugin defines `merge` (env_vars merges
 * per key, the child winning); fields missing in the child are inherited; `config`
 * is the child's own or the default (Ray does not inherit it). Both documents are
 * validated first, and the result is validated again so cross-field rules hold.
 */
export function mergeRuntimeEnvs(parent: unknown, child: unknown, plugins: readonly LoadedPlugin[]): Record<string, unknown> {
  const parentEnv = validateSide(parent, plugins, 'parent');
  // Ray's merge returns the parent for a child that is None or empty, its config included.
  if (child === null || child === undefined || (typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0)) {
    const parentConfig = (parent as Record<string, unknown>)[CORE_FIELD];
    return parentConfig === undefined ? { ...parentEnv } : { ...parentEnv, [CORE_FIELD]: validateRuntimeEnv(parent, plugins).config };
  }
  const childEnv = validateSide(child, plugins, 'child');
  const owners = fieldOwnersOf(plugins);
  const merged: Record<string, unknown> = { ...parentEnv };
  for (const [field, childValue] of Object.entries(childEnv)) {
    const owner = owners.get(field);
    const parentValue = parentEnv[field];
    const mergeHook = owner && !owner.companion ? owner.loaded.plugin.merge : undefined;
    merged[field] = parentValue !== undefined && mergeHook ? mergeHook(parentValue, childValue) : childValue;
  }
  const childConfig = (child as Record<string, unknown>)[CORE_FIELD];
  const document = childConfig === undefined ? merged : { ...merged, [CORE_FIELD]: childConfig };
  const { runtimeEnv, config } = validateRuntimeEnv(document, plugins);
  return childConfig === undefined ? { ...runtimeEnv } : { ...runtimeEnv, [CORE_FIELD]: config };
}

function validateSide(document: unknown, plugins: readonly LoadedPlugin[], side: 'parent' | 'child'): NormalizedRuntimeEnv {
  try {
    return validateRuntimeEnv(document, plugins).runtimeEnv;
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    throw new ValidationError(error.issues.map((issue) => ({ ...issue, path: issue.path ? `${side}.${issue.path}` : side })));
  }
}
