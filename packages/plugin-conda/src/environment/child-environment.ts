import { join } from 'node:path';

/**
 * The variables a child run inside the prefix gets: this process's, with the
 * prefix's `bin` first on PATH and the Python variables that would make it
 * import from elsewhere removed.
 */
export function childEnvironment(prefix: string, base: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const environment: Record<string, string | undefined> = { ...base };
  delete environment.PYTHONHOME;
  delete environment.PYTHONPATH;
  environment.PATH = [join(prefix, 'bin'), base.PATH].filter(Boolean).join(':');
  environment.CONDA_PREFIX = prefix;
  environment.PYTHONNOUSERSITE = '1';
  environment.PIP_DISABLE_PIP_VERSION_CHECK = '1';
  environment.PIP_NO_INPUT = '1';
  return environment;
}
