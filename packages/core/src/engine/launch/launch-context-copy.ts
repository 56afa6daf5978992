import type { LaunchContext } from '@runtime-env/plugin-api';

/**
 * A copy a caller may change without touching the cached context; cheaper than
 * `structuredClone` on the cached path, and `pluginData` (arbitrary JSON) is the
 * only part copied deeply.
 */
export function copyLaunchContext(context: LaunchContext): LaunchContext {
  const pathPrepends: Record<string, string[]> = {};
  for (const [name, directories] of Object.entries(context.pathPrepends)) pathPrepends[name] = [...directories];
  return {
    ...context,
    envVars: { ...context.envVars },
    pathPrepends,
    commandPrefix: [...context.commandPrefix],
    pluginData: Object.keys(context.pluginData).length === 0 ? {} : structuredClone(context.pluginData),
  };
}
