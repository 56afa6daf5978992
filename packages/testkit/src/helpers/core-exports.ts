import * as core from '@runtime-env/core';
import type {
  LoadedPlugin,
  ManagerOptions,
  NormalizedRuntimeEnv,
  RuntimeEnvConfig,
  RuntimeEnvManager,
} from '@runtime-env/core';
import { RuntimeEnvError } from '@runtime-env/core';

export type OpenRuntimeEnvManager = (options: ManagerOptions) => RuntimeEnvManager | Promise<RuntimeEnvManager>;
export type ValidateRuntimeEnv = (
  document: unknown,
  plugins: readonly LoadedPlugin[],
) => { runtimeEnv: NormalizedRuntimeEnv; config: RuntimeEnvConfig };

/**
 * Looks the engine's entry points up at call time rather than importing them by
 * name, so the test kit loads (and its plugin-level checks run) against a core
 * that does not ship the engine, and says what is missing when one is needed.
 */
function coreFunction<Signature>(name: string): Signature {
  const candidate = (core as unknown as Record<string, unknown>)[name];
  if (typeof candidate !== 'function') {
    throw new RuntimeEnvError('core_export_missing', `@runtime-env/core does not export ${name}(), which this check needs`, {
      hint: 'install a @runtime-env/core that ships the engine (the same version as the test kit)',
    });
  }
  return candidate as Signature;
}

export function openRuntimeEnvManager(options: ManagerOptions): Promise<RuntimeEnvManager> {
  return Promise.resolve(coreFunction<OpenRuntimeEnvManager>('openRuntimeEnvManager')(options));
}

export function validateRuntimeEnv(document: unknown, plugins: readonly LoadedPlugin[]): ReturnType<ValidateRuntimeEnv> {
  return coreFunction<ValidateRuntimeEnv>('validateRuntimeEnv')(document, plugins);
}
