import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBaseInterpreter } from '../src/base-interpreter.js';
import { createVenvInProcess } from '../src/venv/in-process-venv.js';

const scratch: string[] = [];
afterAll(async () => {
  for (const directory of scratch) await rm(directory, { recursive: true, force: true });
});

function tree(root: string, directory = root): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    const stats = lstatSync(path);
    const entry = `${relative(root, path)}${stats.isDirectory() ? '/' : stats.isSymbolicLink() ? '@' : ''}`;
    return stats.isDirectory() ? [entry, ...tree(root, path)] : [entry];
  });
}

const configOf = (venv: string) =>
  Object.fromEntries(
    readFileSync(join(venv, 'pyvenv.cfg'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' = ') as [string, string]),
  );
const observe =
  'import json, site, sys; print(json.dumps({"prefix": sys.prefix, "base": sys.base_prefix, "site": site.getsitepackages(), "user": site.ENABLE_USER_SITE, "path": [p for p in sys.path if "site-packages" in p]}))';

describe('the venv made in process', () => {
  for (const systemSitePackages of [true, false]) {
    it(`is what python -m venv --without-pip makes${systemSitePackages ? ' --system-site-packages' : ''}`, async () => {
      const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
      const parent = await mkdtemp(join(tmpdir(), 'rtenv-venv-'));
      scratch.push(parent);
      const ours = join(parent, 'ours', 'venv');
      const theirs = join(parent, 'theirs', 'venv');
      expect(await createVenvInProcess(interpreter, ours, systemSitePackages)).toBe(true);
      execFileSync(interpreter.executable, ['-m', 'venv', '--without-pip', ...(systemSitePackages ? ['--system-site-packages'] : []), theirs]);

      expect(tree(ours).sort()).toEqual(tree(theirs).sort());
      const [mine, reference] = [configOf(ours), configOf(theirs)];
      expect(Object.keys(mine).sort()).toEqual(Object.keys(reference).sort());
      for (const key of ['home', 'include-system-site-packages', 'version']) expect(mine[key]).toBe(reference[key]);
      for (const script of ['activate', 'activate.csh', 'activate.fish', 'Activate.ps1']) {
        expect(
          readFileSync(join(ours, 'bin', script), 'utf8')
            .split(ours)
            .join('VENV'),
        ).toBe(
          readFileSync(join(theirs, 'bin', script), 'utf8')
            .split(theirs)
            .join('VENV'),
        );
      }
      const seen = (venv: string) =>
        JSON.parse(
          execFileSync(join(venv, 'bin', 'python'), ['-c', observe], { encoding: 'utf8' })
            .split(venv)
            .join('VENV'),
        );
      expect(seen(ours)).toEqual(seen(theirs));
      // activate works and puts the venv first.
      expect(execFileSync('bash', ['-c', `source ${join(ours, 'bin', 'activate')} && command -v python`], { encoding: 'utf8' }).trim()).toBe(
        join(ours, 'bin', 'python'),
      );
    });
  }

  it('declines an interpreter it does not recognise, writing nothing', async () => {
    const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
    const parent = await mkdtemp(join(tmpdir(), 'rtenv-venv-'));
    scratch.push(parent);
    expect(await createVenvInProcess({ ...interpreter, version: '3.99.0' }, join(parent, 'venv'), true)).toBe(false);
    expect(await createVenvInProcess({ ...interpreter, tag: 'pypy-39-linux-x86_64' }, join(parent, 'venv'), true)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
