import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { CondaPackageDefinition } from './conda-package-definition.js';

/**
 * A `python` conda package that borrows an interpreter of the machine: it ships
 * `bin/pythonX.Y` as a symbolic link to it plus a `pyvenv.cfg`, which makes the
 * prefix a virtual environment of that interpreter (its own `sys.prefix` and
 * site-packages). Building a real CPython conda package is out of reach in tests;
 * this gives the prefix a working Python whose version the solver sees truthfully.
 */
export function pythonShimPackage(options: { interpreter?: string } = {}): CondaPackageDefinition {
  const interpreter = options.interpreter ?? '/usr/bin/python3';
  let version: string;
  try {
    version = execFileSync(interpreter, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(`cannot run ${interpreter} to build the python shim package: ${(error as Error).message}; install it with \`apt-get install -y python3\``);
  }
  const shortVersion = version.split('.').slice(0, 2).join('.');
  return {
    name: 'python',
    version,
    build: 'h0_0_shim',
    depends: [],
    files: [
      { path: `bin/python${shortVersion}`, symlinkTarget: interpreter },
      { path: 'bin/python3', symlinkTarget: `python${shortVersion}` },
      { path: 'bin/python', symlinkTarget: `python${shortVersion}` },
      {
        path: 'pyvenv.cfg',
        content: `home = ${dirname(interpreter)}\ninclude-system-site-packages = false\nversion = ${version}\n`,
      },
      { path: `lib/python${shortVersion}/site-packages/README.txt`, content: 'site-packages of a runtime-env test python\n' },
    ],
  };
}
