import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  definePlugin,
  emptyLaunchContext,
  expandVariables,
  prependToPathList,
  resolveLocalPath,
  RuntimeEnvError,
  SetupFailure,
  ValidationError,
  withLocalPathBase,
} from '../src/index.js';

const sourceFolder = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(folder, entry.name)) : entry.name.endsWith('.ts') ? [path.join(folder, entry.name)] : [],
  );
}

/** A second instance of a module, as a plugin that resolved its own copy of this package would load. */
async function secondCopyOf<Module>(specifier: string): Promise<Module> {
  const copy = `${specifier}?second-copy`;
  return (await import(/* @vite-ignore */ copy)) as Module;
}

describe('the package itself', () => {
  it('imports nothing but Node built-ins, zod types and its own files: no engine, no native module', () => {
    const imported = sourceFiles(sourceFolder).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!));
    const foreign = imported.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && specifier !== 'zod');
    expect(foreign).toEqual([]);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});

describe('launch context helpers', () => {
  it('prepends path lists, the later plugin first, without duplicates', () => {
    const context = emptyLaunchContext();
    prependToPathList(context, 'PYTHONPATH', ['/code']);
    prependToPathList(context, 'PYTHONPATH', ['/modules', '/code']);
    expect(context.pathPrepends).toEqual({ PYTHONPATH: ['/modules', '/code'] });
  });

  it('expands variables as Ray does', () => {
    expect(expandVariables('${HOME}/x:$missing:${MISSING}', { HOME: '/home/u' })).toBe('/home/u/x:$missing:');
  });
});

describe('local paths', () => {
  it('resolves against the base the core set, refuses relative paths under a null base, and passes absolute ones', () => {
    expect(withLocalPathBase('/caller', () => resolveLocalPath('proj', 'working_dir'))).toBe('/caller/proj');
    expect(withLocalPathBase(null, () => resolveLocalPath('/abs', 'working_dir'))).toBe('/abs');
    expect(() => withLocalPathBase(null, () => resolveLocalPath('proj', 'py_modules[0]'))).toThrow(ValidationError);
    expect(resolveLocalPath('proj', 'working_dir')).toBe(path.resolve('proj'));
  });

  it('shares the base with another installed copy of this package (a plugin that resolved its own copy)', async () => {
    vi.resetModules();
    const otherCopy = await secondCopyOf<typeof import('../src/local-paths/local-path-base.js')>('../src/local-paths/local-path-base.js');
    expect(otherCopy.resolveLocalPath).not.toBe(resolveLocalPath);
    expect(withLocalPathBase('/caller', () => otherCopy.resolveLocalPath('proj', 'working_dir'))).toBe('/caller/proj');
  });
});

describe('errors', () => {
  it('are recognised across copies by a global marker, and carry code, hint and failure class', async () => {
    const otherCopy = await secondCopyOf<typeof import('../src/errors/runtime-env-error.js')>('../src/errors/runtime-env-error.js');
    const failure = SetupFailure.permanent('pip failed', { code: 'pip_install_failed', hint: 'check the index' });
    expect(otherCopy.RuntimeEnvError.isInstance(failure)).toBe(true);
    expect(RuntimeEnvError.isInstance(new Error('plain'))).toBe(false);
    expect(failure).toMatchObject({ code: 'pip_install_failed', hint: 'check the index', failureClass: 'permanent' });
  });
});

describe('definePlugin', () => {
  it('returns the definition itself, typed from its schema', () => {
    const definition = { apiVersion: 2 as const, name: 'greeting', schema: z.string(), hash: () => ({ keys: [] }) };
    expect(definePlugin(definition)).toBe(definition);
  });
});
