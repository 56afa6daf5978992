import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_GREETING } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDiskBytes } from '../src/disk-usage.js';
import { makeTestHookContexts, type TestHookContexts } from './support/hook-context.js';
import { createDirectly } from './support/create-environment.js';
import { startSampleChannel, type SampleChannel } from './support/sample-channel.js';

const dependencies = ['hello-text', 'hello-binary >=1.0', 'greet-py', 'python 3.*', 'filler-0'];

describe('embedded engine against a local channel', () => {
  let channel: SampleChannel;
  let contexts: TestHookContexts;
  let first: Awaited<ReturnType<typeof createDirectly>>;

  beforeAll(async () => {
    channel = await startSampleChannel();
    contexts = await makeTestHookContexts();
    first = await createDirectly(contexts, { name: 'from-dict', channels: [channel.url], dependencies }, 'first');
  });
  afterAll(async () => {
    await channel?.close();
    await contexts?.remove();
  });

  it('solves dependencies and records every package with its channel and checksum in the lock', () => {
    const names = first.result.lock?.map((entry) => entry.name).sort();
    expect(names).toEqual(['filler-0', 'greet-py', 'greeting-data', 'hello-binary', 'hello-text', 'python']);
    for (const entry of first.result.lock ?? []) {
      expect(entry.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(entry.source).toContain(channel.url);
      expect(entry.build).toBeTruthy();
    }
  });

  it('relocates the text placeholder of a shell script (.tar.bz2 package)', () => {
    const output = execFileSync(join(first.directory, 'bin', 'hello-text'), { encoding: 'utf8' });
    expect(output).toBe(`${SAMPLE_GREETING}\nprefix=${first.directory}\n`);
  });

  it('relocates the binary placeholder of a compiled program (.conda package)', async () => {
    const output = execFileSync(join(first.directory, 'bin', 'hello-binary'), { encoding: 'utf8' });
    expect(output).toBe(`${SAMPLE_GREETING}\nprefix=${first.directory}\n`);
    const original = (await readdir(join(contexts.pluginDirectory, 'pkgs'))).find((name) => name.startsWith('hello-binary-'));
    const cached = await stat(join(contexts.pluginDirectory, 'pkgs', original ?? '', 'bin', 'hello-binary'));
    const installed = await stat(join(first.directory, 'bin', 'hello-binary'));
    expect(installed.size).toBe(cached.size);
    expect(installed.ino).not.toBe(cached.ino);
  });

  it('installs the noarch: python package into site-packages and its entry point runs', async () => {
    const output = execFileSync(join(first.directory, 'bin', 'greet-py'), { encoding: 'utf8' });
    expect(output).toBe(`${SAMPLE_GREETING}\nsys.prefix=${first.directory}\n`);
    await stat(join(first.directory, 'lib', 'python3.11', 'site-packages', 'greet_py', 'cli.py'));
  });

  it('gives the prefix a python whose sys.prefix is the prefix', () => {
    const output = execFileSync(join(first.directory, 'bin', 'python'), ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' });
    expect(output.trim()).toBe(first.directory);
  });

  it('hardlinks files without placeholders from the package cache', async () => {
    const data = await stat(join(first.directory, 'share', 'greeting', 'message.txt'));
    expect(data.nlink).toBeGreaterThanOrEqual(2);
    expect(first.result.details).toMatchObject({ engine: 'embedded', downloaded: 6, reused: 0 });
  });

  it('writes conda-meta records conda tools read', async () => {
    const history = await readFile(join(first.directory, 'conda-meta', 'history'), 'utf8');
    expect(history).toContain('+');
    const record = JSON.parse(await readFile(join(first.directory, 'conda-meta', 'hello-text-1.0-h0_0.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      name: 'hello-text',
      version: '1.0',
      build: 'h0_0',
      subdir: 'linux-64',
      files: ['bin/hello-text'],
      requested_spec: 'hello-text',
    });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    const greet = JSON.parse(await readFile(join(first.directory, 'conda-meta', 'greet-py-2.0-h0_0.json'), 'utf8')) as { files: string[] };
    expect(greet.files).toEqual(expect.arrayContaining(['lib/python3.11/site-packages/greet_py/cli.py', 'bin/greet-py']));
  });

  it('creates from an environment YAML file, reusing the package cache by hardlinks', async () => {
    const file = join(contexts.root, 'environment.yml');
    await writeFile(file, `name: from-yaml\nchannels:\n  - ${channel.url}\ndependencies:\n${dependencies.map((spec) => `  - ${spec}`).join('\n')}\n`);
    const second = await createDirectly(contexts, file, 'second');
    expect(second.spec).toEqual({ name: 'from-yaml', channels: [channel.url], dependencies });
    expect(second.uri).toBe(first.uri);
    expect(second.result.details).toMatchObject({ downloaded: 0, reused: 6 });
    expect(execFileSync(join(second.directory, 'bin', 'hello-binary'), { encoding: 'utf8' })).toContain(`prefix=${second.directory}`);

    const cache = join(contexts.pluginDirectory, 'pkgs');
    const withFirst = await uniqueDiskBytes([cache, first.directory]);
    const withBoth = await uniqueDiskBytes([cache, first.directory, second.directory]);
    const secondAlone = await uniqueDiskBytes([second.directory]);
    const added = withBoth.bytes - withFirst.bytes;
    // The 1 MiB filler file and every other placeholder-free file are shared, not copied.
    expect(secondAlone.bytes).toBeGreaterThan(1024 * 1024);
    expect(added).toBeLessThan(secondAlone.bytes - 1024 * 1024);
    expect(second.result.sizeBytes).toBe(secondAlone.bytes);
  });
});
