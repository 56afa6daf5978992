import { access, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BaseInterpreter } from '../base-interpreter.js';

/**
 * The CPython versions whose `venv` module this reproduces, checked file by file
 * against `python -m venv --without-pip` (test/in-process-venv.integration.test.ts):
 * the layout, `pyvenv.cfg`, and the activation scripts with the same placeholders
 * replaced. Any other build (PyPy, another version, Windows) uses `python -m venv`.
 */
const recognisedVersions = /^3\.11\.\d+$/;

/** `<prefix>/lib/python3.11`: where a POSIX CPython build keeps its standard library, beside its `bin/`. */
function standardLibraryOf(interpreter: BaseInterpreter): string {
  const [major, minor] = interpreter.version.split('.');
  return join(dirname(dirname(interpreter.executable)), 'lib', `python${major}.${minor}`);
}

/**
 * Makes the venv `python -m venv --without-pip` would make, in process: about
 * 1 ms of file system calls against 40 to 50 ms for starting Python and running
 * the module. Returns false, having written nothing, when the interpreter is not
 * one it recognises; the caller then runs `python -m venv`.
 */
export async function createVenvInProcess(interpreter: BaseInterpreter, directory: string, systemSitePackages: boolean): Promise<boolean> {
  if (process.platform !== 'linux' || !interpreter.tag.startsWith('cpython-') || !recognisedVersions.test(interpreter.version)) return false;
  const templates = join(standardLibraryOf(interpreter), 'venv', 'scripts');
  const scripts: [string, string][] = [
    ['common/activate', 'activate'],
    ['common/Activate.ps1', 'Activate.ps1'],
    ['posix/activate.csh', 'activate.csh'],
    ['posix/activate.fish', 'activate.fish'],
  ];
  const texts = await Promise.all(scripts.map(([source]) => readFile(join(templates, source), 'utf8').catch(() => undefined)));
  if (texts.some((text) => text === undefined)) return false;
  if (
    !(await access(interpreter.executable).then(
      () => true,
      () => false,
    ))
  )
    return false;

  const [major, minor] = interpreter.version.split('.');
  const pythonName = `python${major}.${minor}`;
  const bin = join(directory, 'bin');
  await mkdir(join(directory, 'include', pythonName), { recursive: true });
  await mkdir(join(directory, 'lib', pythonName, 'site-packages'), { recursive: true });
  await symlink('lib', join(directory, 'lib64'));
  await mkdir(bin, { recursive: true });
  const executableName = basename(interpreter.executable);
  await symlink(interpreter.executable, join(bin, executableName));
  for (const name of ['python', `python${major}`, pythonName]) if (name !== executableName) await symlink(executableName, join(bin, name));
  const home = dirname(interpreter.executable);
  await writeFile(
    join(directory, 'pyvenv.cfg'),
    [
      `home = ${home}`,
      `include-system-site-packages = ${systemSitePackages ? 'true' : 'false'}`,
      `version = ${interpreter.version}`,
      `executable = ${interpreter.executable}`,
      `command = ${interpreter.executable} -m venv --without-pip${systemSitePackages ? ' --system-site-packages' : ''} ${directory}`,
      '',
    ].join('\n'),
  );
  // The placeholders `venv.EnvBuilder.replace_variables` fills in.
  const values: Record<string, string> = {
    __VENV_DIR__: directory,
    __VENV_NAME__: basename(directory),
    __VENV_PROMPT__: `(${basename(directory)}) `,
    __VENV_BIN_NAME__: 'bin',
    __VENV_PYTHON__: join(bin, executableName),
  };
  for (const [index, [, target]] of scripts.entries()) {
    const text = Object.entries(values).reduce((current, [placeholder, value]) => current.split(placeholder).join(value), texts[index] as string);
    await writeFile(join(bin, target), text);
  }
  return true;
}
