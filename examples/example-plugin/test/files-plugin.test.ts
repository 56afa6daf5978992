import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, openRuntimeEnvManager, managerOptionsOf, PluginError } from '@runtime-env/core';
import { makeTemporaryDataDirectory, openPluginHarness } from '@runtime-env/testkit';
import { loadPluginForTest, runPluginThroughCore, TEST_OWNER } from '@runtime-env/engine-test-support';
import filesPlugin from '../src/index.js';

const greet = { contents: { 'bin/greet': '#!/bin/sh\necho "hello from files"\n' }, executable: ['bin/greet'] };

async function urisOf(spec: unknown): Promise<string[]> {
  const directory = await makeTemporaryDataDirectory();
  const harness = await openPluginHarness(loadPluginForTest(filesPlugin), directory.path);
  return harness.hash(harness.normalize({ spec }));
}

describe('files: hashing', () => {
  it('gives the short form and the equivalent long form one URI', async () => {
    expect(await urisOf({ 'a.txt': 'a' })).toEqual(await urisOf({ contents: { 'a.txt': 'a' }, executable: [], run: [] }));
  });

  it('ignores key order and spelling of the same path', async () => {
    expect(await urisOf({ 'b/c.txt': 'c', 'a.txt': 'a' })).toEqual(await urisOf({ 'a.txt': 'a', 'b//c.txt': 'c' }));
  });

  it('changes with any file text', async () => {
    expect(await urisOf({ 'a.txt': 'a' })).not.toEqual(await urisOf({ 'a.txt': 'b' }));
  });
});

describe('files: through a real core', () => {
  it('puts bin/ on PATH and the directory in FILES_DIR', async () => {
    const { run, handle, manager } = await runPluginThroughCore(filesPlugin, { files: greet });
    expect(await run(['greet'])).toMatchObject({ exitCode: 0, stdout: 'hello from files\n' });
    const directory = handle.context.envVars.FILES_DIR!;
    expect((await run(['sh', '-c', 'cat "$FILES_DIR/bin/greet"'])).stdout).toBe(greet.contents['bin/greet']);
    expect(handle.record.uris).toEqual([{ plugin: 'files', uri: expect.stringMatching(/^files:@runtime-env\/example-plugin@0\.1\.0\/[0-9a-f]{64}$/) }]);
    expect(directory.startsWith(`${manager.dataDirectory}/`)).toBe(true);
  });

  it('names the variable after the directoryVariable option', async () => {
    const { run } = await runPluginThroughCore({ plugin: filesPlugin, options: { directoryVariable: 'GREETER_HOME' } }, { files: greet });
    expect((await run(['sh', '-c', 'test -x "$GREETER_HOME/bin/greet" && echo executable'])).stdout).toBe('executable\n');
  });

  it('runs build commands in the directory, and a failing one fails the environment for good', async () => {
    const built = await runPluginThroughCore(filesPlugin, { files: { contents: { 'in.txt': 'data' }, run: [['sh', '-c', 'tr a-z A-Z < in.txt > out.txt']] } });
    expect((await built.run(['sh', '-c', 'cat "$FILES_DIR/out.txt"'])).stdout).toBe('DATA');

    const failed = runPluginThroughCore(filesPlugin, { files: { contents: { 'in.txt': 'data' }, run: [['sh', '-c', 'echo missing tool >&2; exit 127']] } });
    await expect(failed).rejects.toSatisfy((error: unknown) => PluginError.isInstance(error) && error.failureClass === 'permanent');
    await expect(failed).rejects.toThrow(/command "sh" exited with 127:[\s\S]*missing tool/);
  });
});

describe('files: loaded from rtenv.config.json', () => {
  it('is found by path, its options parsed, and usable by the core', async () => {
    const directory = await makeTemporaryDataDirectory();
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const configPath = join(directory.path, 'rtenv.config.json');
    await writeFile(configPath, JSON.stringify({ dataDir: './data', plugins: [[entry, { directoryVariable: 'FROM_CONFIG' }]] }));
    const config = await loadConfig({ configPath, cwd: directory.path });
    expect(config.plugins.map((loaded) => [loaded.plugin.name, loaded.options])).toEqual([['files', { directoryVariable: 'FROM_CONFIG' }]]);
    const manager = await openRuntimeEnvManager(managerOptionsOf(config));
    try {
      const handle = await manager.getOrCreate({ files: { 'note.txt': 'n' } }, { owner: TEST_OWNER });
      expect(handle.context.envVars.FROM_CONFIG).toMatch(new RegExp(`^${directory.path}/data/`));
    } finally {
      await manager.close();
    }
  });
});
