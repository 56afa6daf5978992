import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prependToPathList, type LaunchContext } from '@runtime-env/plugin-api';

/**
 * What `conda activate` does to a process, minus shell functions: CONDA_PREFIX,
 * CONDA_DEFAULT_ENV, the prefix's `bin` first on PATH, the environment's
 * `variables`, and the prefix's Python as the interpreter for `python ...`
 * commands. Idempotent: applying it twice gives the same context.
 */
export function applyCondaActivation(context: LaunchContext, prefix: string, displayName: string, variables: Record<string, string> | undefined): void {
  context.envVars.CONDA_PREFIX = prefix;
  context.envVars.CONDA_DEFAULT_ENV = displayName;
  for (const [name, value] of Object.entries(variables ?? {})) context.envVars[name] = value;
  prependToPathList(context, 'PATH', [join(prefix, 'bin')]);
  const python = join(prefix, 'bin', 'python');
  if (existsSync(python)) context.pythonExecutable = python;
}
