import { createHash } from 'node:crypto';
import type { BaseInterpreter } from './base-interpreter.js';
import type { PipOptions } from './pip-options.js';
import type { PipSpec } from './pip-spec-schema.js';
import type { ExpandedRequirements } from './requirement-expansion.js';

export interface KeyInputs {
  spec: PipSpec;
  expanded: ExpandedRequirements;
  interpreter: BaseInterpreter;
  options: PipOptions;
  /** The runtime_env's `env_vars`: the `PIP_*` ones change what pip installs. */
  environmentVariables: Readonly<Record<string, string>>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The SHA-256 of everything that decides what ends up in the environment (the
 * core adds the plugin's package and version to the URI).
 * `PIP_*` variables count (another index may serve other files), but only as
 * digests: their values can be credentials.
 */
export function pipKey(inputs: KeyInputs): string {
  const pipVariables = Object.entries(inputs.environmentVariables)
    .filter(([name]) => name.startsWith('PIP_'))
    .map(([name, value]) => [name, sha256(value)])
    .sort(([left], [right]) => ((left as string) < (right as string) ? -1 : 1));
  const identity = {
    requirements: inputs.expanded,
    pipCheck: inputs.spec.pip_check,
    pipVersion: inputs.spec.pip_version ?? null,
    installOptions: inputs.spec.pip_install_options ?? null,
    interpreter: {
      executable: inputs.interpreter.executable,
      version: inputs.interpreter.version,
      tag: inputs.interpreter.tag,
      pip: inputs.interpreter.pipVersion,
    },
    // Only when set, so environments on a plain interpreter keep their URIs.
    ...(inputs.interpreter.baseEnvironment ? { baseEnvironment: inputs.interpreter.baseEnvironment.prefix } : {}),
    systemSitePackages: inputs.options.systemSitePackages,
    pipVariables,
  };
  return sha256(JSON.stringify(identity));
}
