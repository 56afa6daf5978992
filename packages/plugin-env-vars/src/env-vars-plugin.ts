import { definePlugin, type LaunchContext } from '@runtime-env/plugin-api';
import { envVarsSchema, type EnvironmentVariables } from './env-vars-schema.js';

/**
 * The `env_vars` field. It creates nothing on disk: its whole effect is on the
 * launch context, where values stay unexpanded so `${VAR}` is resolved at launch
 * against the launching process's environment, as Ray does.
 */
export const envVarsPlugin = definePlugin({
  apiVersion: 2,
  name: 'env_vars',
  // First, so that plugins which set variables of their own (a venv's VIRTUAL_ENV) win, as in Ray.
  priority: 0,
  description: 'Environment variables for the process; ${VAR} in values expands at launch.',
  schema: envVarsSchema,
  hash: () => ({ keys: [], fromSpecAlone: true }),
  merge: (parent, child) => mergeVariables(parent, child),
  modifyContext(spec, { context }) {
    setVariables(context, spec);
  },
});

/** Ray's inheritance rule for env_vars: merged per name, the child winning. */
function mergeVariables(parent: EnvironmentVariables, child: EnvironmentVariables): EnvironmentVariables {
  // Both are non-empty (an empty map is dropped as absent), so neither is the merge.
  return envVarsSchema.parse(Object.fromEntries([...Object.entries(parent), ...Object.entries(child)]))!;
}

function setVariables(context: LaunchContext, variables: EnvironmentVariables): void {
  for (const [name, value] of Object.entries(variables)) {
    // Assigning "__proto__" would replace the object's prototype; defineProperty is
    // kept for that one name because it turns the object slow for every other.
    if (name === '__proto__') Object.defineProperty(context.envVars, name, { value, enumerable: true, writable: true, configurable: true });
    else context.envVars[name] = value;
  }
}
