import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetupFailure } from '@runtime-env/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestHookContexts, type TestHookContexts } from './support/hook-context.js';
import { createDirectly } from './support/create-environment.js';
import { startSampleChannel, type SampleChannel } from './support/sample-channel.js';
import { writeTinyWheel } from './support/tiny-wheel.js';

describe('the pip section runs with the environment’s own pip', () => {
  let channel: SampleChannel;
  let contexts: TestHookContexts;
  let wheels: string;

  beforeAll(async () => {
    channel = await startSampleChannel();
    contexts = await makeTestHookContexts();
    wheels = await mkdtemp(join(tmpdir(), 'plugin-conda-wheels-'));
    await writeTinyWheel(wheels, 'tinyproj', '1.2.0');
  });
  afterAll(async () => {
    await channel?.close();
    await contexts?.remove();
    if (wheels) await rm(wheels, { recursive: true, force: true });
  });

  it('installs into the prefix from a local wheel folder, adds pip to the solve, and locks what pip installed', async () => {
    const created = await createDirectly(
      contexts,
      { channels: [channel.url], dependencies: ['python', { pip: ['--no-index', `--find-links ${wheels}`, 'tinyproj==1.2.0'] }] },
      'with-pip',
    );
    const where = execFileSync(join(created.directory, 'bin', 'python'), ['-c', 'import tinyproj; print(tinyproj.__file__, tinyproj.VERSION)'], {
      encoding: 'utf8',
    });
    expect(where.trim()).toBe(`${join(created.directory, 'lib', 'python3.11', 'site-packages', 'tinyproj', '__init__.py')} 1.2.0`);
    const lock = created.result.lock ?? [];
    expect(lock.find((entry) => entry.name === 'pip')?.source).toContain(channel.url);
    expect(lock.find((entry) => entry.name === 'tinyproj')).toEqual({ name: 'tinyproj', version: '1.2.0', source: 'pip' });
    expect(execFileSync(join(created.directory, 'bin', 'pip'), ['--version'], { encoding: 'utf8' })).toContain(
      join(created.directory, 'lib', 'python3.11', 'site-packages', 'pip'),
    );
  });

  it('reports a requirement pip cannot find as a permanent failure with pip’s words', async () => {
    const error = await createDirectly(
      contexts,
      { channels: [channel.url], dependencies: ['python', 'pip', { pip: ['--no-index', `--find-links ${wheels}`, 'tinyproj==9.9'] }] },
      'pip-missing',
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(SetupFailure.isInstance(error) && error.failureClass).toBe('permanent');
    expect((error as SetupFailure).code).toBe('conda_pip_failed');
    expect((error as Error).message).toMatch(/tinyproj==9\.9/);
  });
});
