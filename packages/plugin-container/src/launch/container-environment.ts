import { expandVariables } from '@runtime-env/plugin-api';
import type { LaunchContext } from '@runtime-env/plugin-api';

/**
 * The variables the container gets on top of the image's own: the context's
 * `envVars` expanded against the launching process (Ray's `${NAME}` rules), then
 * each `pathPrepends` list in front of the value, falling back to the image's value
 * (not the host's: the host's PATH means nothing inside the image).
 */
export function containerEnvironment(
  context: LaunchContext,
  imageEnvironment: Readonly<Record<string, string>>,
  hostEnvironment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.envVars)) {
    Object.defineProperty(environment, name, { value: expandVariables(value, hostEnvironment), enumerable: true, writable: true, configurable: true });
  }
  for (const [name, directories] of Object.entries(context.pathPrepends)) {
    const parts = [...directories, environment[name] ?? imageEnvironment[name] ?? ''].filter((part) => part !== '');
    if (parts.length > 0) environment[name] = parts.join(':');
  }
  return environment;
}
