import type { LaunchContext } from '@runtime-env/plugin-api';
import type { ContainerMount } from './container-launch-data.js';

/**
 * The host folders the process needs inside the container: the working directory
 * that working_dir set, and the PYTHONPATH entries py_modules added. They are
 * mounted read-only at the same paths, so paths in the context stay valid inside.
 */
export function mountsForContext(context: LaunchContext): ContainerMount[] {
  const sources = new Set<string>();
  if (context.workingDirectory) sources.add(context.workingDirectory);
  for (const entry of context.pathPrepends.PYTHONPATH ?? []) sources.add(entry);
  return [...sources]
    .filter((source) => source.startsWith('/'))
    .sort()
    .map((source) => ({ source, target: source, readOnly: true }));
}
