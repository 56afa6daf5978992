import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { registryHostOf, type ImageReference } from '../spec/image-reference.js';

/** dockerode's `authconfig`: sent to the Engine as the X-Registry-Auth header. */
export interface EngineAuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** The credentials configured for the image's registry, if any. Values never appear in errors. */
export function registryAuthFor(reference: ImageReference, options: ContainerPluginOptions): EngineAuthConfig | undefined {
  const host = registryHostOf(reference);
  const credentials = options.registryAuth[host];
  if (!credentials) return undefined;
  if (credentials.identityToken !== undefined) return { identitytoken: credentials.identityToken, serveraddress: host };
  let password = credentials.password;
  if (credentials.passwordEnv !== undefined) {
    password = process.env[credentials.passwordEnv];
    if (password === undefined) {
      throw new RuntimeEnvError(
        'registry_credentials_missing',
        `the password for registry ${host} is to be read from $${credentials.passwordEnv}, which is not set`,
        {
          hint: `set ${credentials.passwordEnv} in the environment of the process running runtime-env, or change "registryAuth" in rtenv.config.json`,
        },
      );
    }
  }
  return { username: credentials.username, password: password ?? '', serveraddress: host };
}
