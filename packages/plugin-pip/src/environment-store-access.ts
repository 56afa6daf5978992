import type { BaseInterpreter } from './base-interpreter.js';
import type { StoreAccess } from './store/store-access.js';
import type { PipSpec } from './pip-spec-schema.js';
import { sitePackagesOf } from './store/site-packages.js';
import { storeLayout } from './store/store-layout.js';

/** pip reads `PIP_NO_COMPILE` as a boolean; any value but a false one turns compiling off. */
function compiles(spec: PipSpec, environment: Readonly<Record<string, string>>): boolean {
  if ((spec.pip_install_options ?? []).includes('--no-compile')) return false;
  const variable = environment.PIP_NO_COMPILE;
  return variable === undefined || ['', '0', 'false', 'no', 'off'].includes(variable.toLowerCase());
}

/** How this environment reads and writes the store, or undefined when the store is off or the venv's layout is unknown. */
export async function storeAccessFor(
  pluginDirectory: string,
  interpreter: BaseInterpreter,
  venv: { directory: string; python: string },
  spec: PipSpec,
  environment: Readonly<Record<string, string>>,
): Promise<StoreAccess | undefined> {
  const sitePackages = await sitePackagesOf(venv.directory);
  if (sitePackages === undefined) return undefined;
  return {
    layout: storeLayout(pluginDirectory),
    environment: { interpreterTag: interpreter.tag, sitePackages, compiled: compiles(spec, environment) },
    venv: venv.directory,
    python: venv.python,
  };
}
