import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { CondaOptions } from './conda-options.js';
import { findCondaExecutable, type CondaExecutable } from './external/find-conda-executable.js';

export type CondaEngine = { kind: 'embedded' } | { kind: 'external'; executable: CondaExecutable };

/** Picks the engine per the `engine` option; `external` without an executable is a configuration error. */
export function chooseEngine(options: Pick<CondaOptions, 'engine' | 'executable'>, environment: NodeJS.ProcessEnv = process.env): CondaEngine {
  if (options.engine === 'embedded') return { kind: 'embedded' };
  const executable = findCondaExecutable(options.executable, environment);
  if (executable) return { kind: 'external', executable };
  if (options.engine === 'external') {
    throw new RuntimeEnvError(
      'conda_executable_not_found',
      'plugin "conda" is configured with engine "external" but no conda, mamba or micromamba executable was found',
      {
        hint: 'set the plugin option "executable", or CONDA_EXE / MAMBA_EXE, or put one on PATH; or use engine "auto" to fall back to the embedded installer',
      },
    );
  }
  return { kind: 'embedded' };
}

/** The engine's name as it enters the URI hash. */
export function engineLabel(engine: CondaEngine): string {
  return engine.kind === 'embedded' ? 'embedded' : `external:${engine.executable.flavor}`;
}
