import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeEnvError } from '@runtime-env/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chooseEngine, engineLabel } from '../src/engine-choice.js';
import { createEnvironmentArguments } from '../src/external/external-arguments.js';
import { environmentYaml } from '../src/external/create-with-executable.js';
import { findCondaExecutable } from '../src/external/find-conda-executable.js';

async function fakeExecutable(name: string): Promise<{ directory: string; path: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'conda-exe-'));
  const path = join(directory, name);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return { directory, path };
}

describe('external engine', () => {
  it('builds conda/mamba and micromamba arguments for a prefix and an environment file', () => {
    expect(createEnvironmentArguments({ path: '/opt/conda/bin/conda', flavor: 'conda' }, '/p', '/f.yml')).toEqual([
      'env',
      'create',
      '--yes',
      '--prefix',
      '/p',
      '--file',
      '/f.yml',
    ]);
    expect(createEnvironmentArguments({ path: '/usr/bin/mamba', flavor: 'mamba' }, '/p', '/f.yml')).toEqual([
      'env',
      'create',
      '--yes',
      '--prefix',
      '/p',
      '--file',
      '/f.yml',
    ]);
    expect(createEnvironmentArguments({ path: '/usr/bin/micromamba', flavor: 'micromamba' }, '/p', '/f.yml')).toEqual([
      'create',
      '--yes',
      '--prefix',
      '/p',
      '--file',
      '/f.yml',
    ]);
  });

  it('writes an environment file with resolved channels, nodefaults and the pip section', () => {
    const text = environmentYaml({ channels: ['http://127.0.0.1:9/c'], matchSpecs: ['python=3.11', 'pip'], pip: ['six'] });
    expect(parse(text)).toEqual({ channels: ['http://127.0.0.1:9/c', 'nodefaults'], dependencies: ['python=3.11', 'pip', { pip: ['six'] }] });
  });

  it('finds the configured executable first, then CONDA_EXE, MAMBA_EXE, then PATH', async () => {
    const conda = await fakeExecutable('conda');
    const mamba = await fakeExecutable('mamba');
    const micromamba = await fakeExecutable('micromamba');
    expect(findCondaExecutable(micromamba.path, { CONDA_EXE: conda.path })).toEqual({ path: micromamba.path, flavor: 'micromamba' });
    expect(findCondaExecutable(undefined, { CONDA_EXE: conda.path, MAMBA_EXE: mamba.path })).toEqual({ path: conda.path, flavor: 'conda' });
    expect(findCondaExecutable(undefined, { MAMBA_EXE: mamba.path })).toEqual({ path: mamba.path, flavor: 'mamba' });
    expect(findCondaExecutable(undefined, { PATH: `${conda.directory}:${micromamba.directory}` })).toEqual({
      path: join(micromamba.directory, 'micromamba'),
      flavor: 'micromamba',
    });
    expect(findCondaExecutable(undefined, { PATH: '/nonexistent', CONDA_EXE: '/nonexistent/conda' })).toBeUndefined();
  });

  it('skips a directory or a non-executable file with a conda name, on PATH and in CONDA_EXE', async () => {
    const shadowing = await mkdtemp(join(tmpdir(), 'conda-shadow-'));
    await mkdir(join(shadowing, 'conda'));
    await mkdir(join(shadowing, 'micromamba'));
    await writeFile(join(shadowing, 'mamba'), '#!/bin/sh\nexit 0\n');
    const conda = await fakeExecutable('conda');
    expect(findCondaExecutable(undefined, { PATH: shadowing })).toBeUndefined();
    expect(findCondaExecutable(undefined, { PATH: `${shadowing}:${conda.directory}` })).toEqual({ path: conda.path, flavor: 'conda' });
    expect(findCondaExecutable(join(shadowing, 'conda'), { CONDA_EXE: join(shadowing, 'micromamba') })).toBeUndefined();
  });

  it('falls back to the embedded engine in auto mode, and refuses external mode without an executable', () => {
    expect(chooseEngine({ engine: 'auto' }, { PATH: '/nonexistent' })).toEqual({ kind: 'embedded' });
    expect(chooseEngine({ engine: 'embedded', executable: '/bin/sh' })).toEqual({ kind: 'embedded' });
    expect(() => chooseEngine({ engine: 'external' }, { PATH: '/nonexistent' })).toThrow(RuntimeEnvError);
    expect(() => chooseEngine({ engine: 'external' }, { PATH: '/nonexistent' })).toThrow(/no conda, mamba or micromamba executable was found/);
  });

  it('labels engines distinctly for the URI hash', async () => {
    const micromamba = await fakeExecutable('micromamba');
    expect(engineLabel(chooseEngine({ engine: 'auto', executable: micromamba.path }, {}))).toBe('external:micromamba');
    expect(engineLabel({ kind: 'embedded' })).toBe('embedded');
  });
});
