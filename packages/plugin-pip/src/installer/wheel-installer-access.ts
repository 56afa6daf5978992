import type { CreateContext } from '@runtime-env/plugin-api';
import type { BaseInterpreter } from '../base-interpreter.js';
import type { DownloadTally } from '../pip-progress.js';
import type { PipSpec } from '../pip-spec-schema.js';
import { runPip, type PipCommand, type PipRunOptions } from '../run-pip.js';
import { artifactCacheDirectories, type WheelInstallerAccess } from './install-from-wheels.js';
import { wheelBuildOptions } from './sdist-wheels.js';

/** The wheel installer's view of one creation: the base interpreter compiles, the environment's pip builds sdists. */
export function wheelInstallerFor(
  ctx: CreateContext<unknown>,
  interpreter: BaseInterpreter,
  pip: PipCommand,
  runOptions: Omit<PipRunOptions, 'step'>,
  spec: PipSpec,
  environment: Readonly<Record<string, string>>,
  downloads: DownloadTally,
): WheelInstallerAccess {
  const [major, minor] = interpreter.version.split('.');
  return {
    python: interpreter.executable,
    pythonVersion: `${major}.${minor}`,
    environment,
    downloads,
    ...artifactCacheDirectories(ctx.pluginDirectory),
    async buildWheel(sdistPath, outputDirectory) {
      const options = wheelBuildOptions(spec.pip_install_options ?? []);
      await runPip(ctx, pip, ['wheel', '--no-deps', '-w', outputDirectory, sdistPath, ...options], {
        ...runOptions,
        step: `building a wheel from ${sdistPath}`,
      });
    },
  };
}
