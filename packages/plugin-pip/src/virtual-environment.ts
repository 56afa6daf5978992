import { access, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import type { BaseInterpreter } from './base-interpreter.js';
import type { PipChildEnvironment } from './pip-child-environment.js';
import type { PipCommand } from './run-pip.js';
import { throwIfAborted } from './run-pip.js';
import { createVenvInProcess } from './venv/in-process-venv.js';

export interface VirtualEnvironment {
  directory: string;
  python: string;
  /** How to run pip for this environment until `pip_version` installs its own. */
  pip: PipCommand;
}

/**
 * Makes the venv the fastest correct way measured (docs/benchmarks.md): `venv
 * --without-pip` takes about 0.05 s against 2-3 s with pip, and the base
 * interpreter's pip then installs into it through `__pip-runner__.py` (what
 * `pip --python` does, without starting pip twice). Without that runner (pip
 * older than 22.3, or none), the venv gets its own pip from `ensurepip`.
 */
export async function createVirtualEnvironment(
  ctx: CreateContext<unknown>,
  interpreter: BaseInterpreter,
  directory: string,
  systemSitePackages: boolean,
  environment: PipChildEnvironment,
): Promise<VirtualEnvironment> {
  const python = join(directory, 'bin', 'python');
  const withPip = interpreter.pipRunner === null;
  // Without pip, a recognised CPython's venv is written in process (docs/benchmarks.md); otherwise `python -m venv` makes it.
  const madeInProcess = !withPip && (await createVenvInProcess(interpreter, directory, systemSitePackages));
  const args = ['-m', 'venv', ...(withPip ? [] : ['--without-pip']), ...(systemSitePackages ? ['--system-site-packages'] : []), directory];
  const lines: string[] = [];
  const result = madeInProcess
    ? { exitCode: 0 }
    : await ctx.runProcess(interpreter.executable, args, { env: environment.env, secrets: environment.secrets, onLine: (line) => lines.push(line) });
  throwIfAborted(ctx.signal);
  if (result.exitCode !== 0) {
    throw SetupFailure.permanent(`"${interpreter.executable} -m venv" failed: ${lines.slice(-3).join(' | ')}`, {
      code: 'pip_venv_failed',
      hint: 'the base interpreter needs the venv module (Debian: apt-get install python3-venv); or set the plugin option "python" to another interpreter',
    });
  }
  const pip: PipCommand = withPip ? { file: python, prefix: ['-m', 'pip'] } : { file: python, prefix: [interpreter.pipRunner as string] };
  if (!withPip && systemSitePackages) await writePipLaunchers(directory);
  if (systemSitePackages && interpreter.baseEnvironment) await seeBaseEnvironment(directory, interpreter);
  return { directory, python, pip };
}

/**
 * `venv` bases the environment on the real interpreter, so the packages of a
 * configured virtual environment (Ray and its dependencies, on a Ray node) would
 * be lost. A `.pth` file puts that environment's site-packages on `sys.path`
 * after the environment's own and before the interpreter's: what the environment
 * installs wins, and everything else is found where it was.
 */
async function seeBaseEnvironment(directory: string, interpreter: BaseInterpreter): Promise<void> {
  const [major, minor] = interpreter.version.split('.');
  const sitePackages = join(directory, 'lib', `python${major}.${minor}`, 'site-packages');
  await writeFile(join(sitePackages, '_rtenv_base_environment.pth'), `${interpreter.baseEnvironment!.sitePackages.join('\n')}\n`);
}

/**
 * With the base site-packages visible, `python -m pip` inside the venv already
 * installs into the venv; these launchers make a bare `pip` do the same instead
 * of reaching the base interpreter's `pip` further down PATH.
 */
async function writePipLaunchers(directory: string): Promise<void> {
  for (const name of ['pip', 'pip3']) {
    const path = join(directory, 'bin', name);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await writeFile(path, `#!/bin/sh\nexec "${join(directory, 'bin', 'python')}" -m pip "$@"\n`);
    await chmod(path, 0o755);
  }
}
