import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { emptyLaunchContext } from '@runtime-env/core';
import type { PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startFixtureIndex();
});
afterAll(async () => {
  await index.close();
});

describe('creating a pip environment from a loopback index', () => {
  it('installs the pinned version, records the lock with the wheel hash, and reports progress', async () => {
    const harness = await openPipHarness();
    const token = 'secret-token-4711';
    const { directory, result } = await harness.build({
      spec: ['fixture-lib==1.0.0'],
      runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url, UNRELATED_TOKEN: token } },
    });
    const python = join(directory, 'venv', 'bin', 'python');
    expect(await runPython(python, 'import fixture_lib; print(fixture_lib.__version__)')).toBe('1.0.0');

    const wheel = index.requests.find((path) => path.startsWith('/files/fixture_lib-1.0.0'));
    expect(wheel).toBeDefined();
    expect(result.lock?.filter((entry) => entry.origin === undefined)).toEqual([
      expect.objectContaining({ name: 'fixture-lib', version: '1.0.0', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }),
    ]);
    // The lock is complete: what the environment sees from the base interpreter (systemSitePackages, the default) is listed, marked.
    const inherited = result.lock?.filter((entry) => entry.origin === 'base-interpreter') ?? [];
    expect(inherited.map((entry) => entry.name)).toContain('pip');
    expect(inherited.every((entry) => entry.hash === undefined)).toBe(true);
    const phases = harness.progress.map((update) => update.phase);
    expect(phases).toEqual(expect.arrayContaining(['collecting', 'downloading', 'installing', 'installed']));
    expect(harness.progress.find((update) => update.phase === 'downloading')?.bytesTotal).toBeGreaterThan(0);
    expect(result.sizeBytes).toBeGreaterThan(0);
    expect(result.sizeBytes).toBeLessThan(20 * 1024 * 1024);
    expect(harness.logger.text()).not.toContain(token);
    expect(harness.logger.text()).toContain('Successfully installed fixture-lib-1.0.0');
  });

  it('points the launch context at the venv', async () => {
    const harness = await openPipHarness();
    const normalized = harness.normalize({ spec: ['fixture-app'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } });
    const [uri] = await harness.hash(normalized);
    const created = await harness.create(uri as string, normalized);
    const context = emptyLaunchContext();
    await harness.modifyContext([created], normalized, context);
    const venv = join(created.directory, 'venv');
    expect(context.envVars.VIRTUAL_ENV).toBe(venv);
    expect(context.pathPrepends.PATH?.[0]).toBe(join(venv, 'bin'));
    expect(context.pythonExecutable).toBe(join(venv, 'bin', 'python'));
    // The console script of the app and the dependency it pulled in.
    expect(existsSync(join(venv, 'bin', 'fixture-app'))).toBe(true);
    expect(created.result.lock?.filter((entry) => entry.origin === undefined).map((entry) => `${entry.name}==${entry.version}`)).toEqual([
      'fixture-app==1.0.0',
      'fixture-lib==2.0.0',
    ]);
  });
});
