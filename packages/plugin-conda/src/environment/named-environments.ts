import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { ValidationError } from '@runtime-env/plugin-api';
import type { CondaEngine } from '../engine-choice.js';
import { listEnvironmentsArguments } from '../external/external-arguments.js';

/**
 * Finds the prefix of an existing environment by name. With an executable the
 * executable's own list is the truth (as Ray asks `conda info`); without one,
 * the usual environment folders are searched for `<name>/conda-meta`.
 */
export async function findNamedEnvironment(
  name: string,
  engine: CondaEngine,
  directories: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const searched: string[] = [];
  if (engine.kind === 'external') {
    const { stdout } = await promisify(execFile)(engine.executable.path, listEnvironmentsArguments(), { signal, encoding: 'utf8' });
    const prefixes = (JSON.parse(stdout) as { envs?: string[] }).envs ?? [];
    const found = name === 'base' ? prefixes[0] : prefixes.find((prefix) => basename(prefix) === name);
    if (found) return found;
    searched.push(`the ${engine.executable.flavor} environment list (${prefixes.length} environments)`);
  } else {
    for (const directory of directories ?? defaultEnvironmentDirectories()) {
      const candidate = join(directory, name);
      if (existsSync(join(candidate, 'conda-meta'))) return candidate;
      searched.push(directory);
    }
  }
  throw new ValidationError([
    {
      code: 'conda_environment_not_found',
      path: 'conda',
      plugin: 'conda',
      message: `no conda environment named "${name}" exists on this node (searched ${searched.join(', ') || 'nowhere: no environment folders configured'}); create it first, or give an environment object or YAML file to have one built`,
    },
  ]);
}

export function defaultEnvironmentDirectories(environment: NodeJS.ProcessEnv = process.env): string[] {
  const fromVariable = (environment.CONDA_ENVS_PATH ?? environment.CONDA_ENVS_DIRS ?? '').split(':').filter(Boolean);
  const home = homedir();
  return [
    ...fromVariable,
    join(home, '.conda', 'envs'),
    join(home, 'miniforge3', 'envs'),
    join(home, 'miniconda3', 'envs'),
    join(home, 'anaconda3', 'envs'),
    '/opt/conda/envs',
  ];
}
