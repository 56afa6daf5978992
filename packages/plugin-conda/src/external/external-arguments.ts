import type { CondaExecutable } from './find-conda-executable.js';

/**
 * Arguments that create `prefix` from an environment file. conda and mamba take
 * `env create`, which understands the `pip:` section; micromamba's `create -f`
 * does too. `--yes` keeps them from asking, `--quiet`-less output is streamed to
 * the setup log line by line.
 */
export function createEnvironmentArguments(executable: CondaExecutable, prefix: string, environmentFile: string): string[] {
  if (executable.flavor === 'micromamba') return ['create', '--yes', '--prefix', prefix, '--file', environmentFile];
  return ['env', 'create', '--yes', '--prefix', prefix, '--file', environmentFile];
}

/** Arguments that list environments as JSON (`{"envs": [paths]}`) in every flavor. */
export function listEnvironmentsArguments(): string[] {
  return ['env', 'list', '--json'];
}
