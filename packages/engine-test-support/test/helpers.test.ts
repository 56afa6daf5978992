import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, PluginError } from '@runtime-env/core';
import { loadPluginForTest, openTestManager, runPluginThroughCore, TEST_OWNER } from '../src/index.js';
import envVarsPlugin from '../../plugin-env-vars/src/index.js';
import filesPlugin from '../../../examples/example-plugin/src/index.js';

describe('openTestManager', () => {
  let previousDataDirectory: string | undefined;

  it('opens a real core on a temporary data directory', async () => {
    const manager = await openTestManager({ plugins: [envVarsPlugin] });
    previousDataDirectory = manager.dataDirectory;
    const handle = await manager.getOrCreate({ env_vars: { GREETING: 'hi' } }, { owner: TEST_OWNER });
    expect(handle.context.envVars).toEqual({ GREETING: 'hi' });
    expect(manager.listEnvironments().map((environment) => environment.id)).toEqual([handle.id]);
  });

  it('closed that core and removed its data directory after the test', () => {
    expect(previousDataDirectory).toBeDefined();
    expect(existsSync(previousDataDirectory!)).toBe(false);
  });

  it('parses each plugin’s options with its schema, by plugin name or next to the plugin', async () => {
    const byName = await openTestManager({ plugins: [filesPlugin], options: { files: { directoryVariable: 'BY_NAME' } } });
    expect(byName.plugins[0]!.options).toEqual({ directoryVariable: 'BY_NAME' });
    const inline = await openTestManager({ plugins: [{ plugin: filesPlugin, options: { directoryVariable: 'INLINE' } }] });
    expect(inline.plugins[0]!.options).toEqual({ directoryVariable: 'INLINE' });
  });

  it('registers plugins under the package the test runs in, or the identity given', async () => {
    const manager = await openTestManager({ plugins: [envVarsPlugin, { plugin: filesPlugin, identity: { name: '@example/files', version: '9.9.9' } }] });
    expect(manager.plugins.map((loaded) => loaded.identity)).toEqual([
      { name: '@runtime-env/engine-test-support', version: '0.0.0' },
      { name: '@example/files', version: '9.9.9' },
    ]);
    const handle = await manager.getOrCreate({ files: { contents: { 'a.txt': 'a' } } }, { owner: TEST_OWNER });
    expect(handle.record.uris.map((entry) => entry.uri)).toEqual([expect.stringMatching(/^files:@example\/files@9\.9\.9\//)]);
  });

  it('refuses invalid options with a ConfigError naming the plugin', () => {
    expect(() => loadPluginForTest(filesPlugin, { directoryVariable: 'NOT A NAME' })).toThrow(ConfigError);
    expect(() => loadPluginForTest(filesPlugin, { directoryVariable: 'NOT A NAME' })).toThrow(/plugin "files".*directoryVariable: expected a variable name/);
  });
});

describe('runPluginThroughCore', () => {
  it('runs a command in the environment the plugins built', async () => {
    const { run, handle } = await runPluginThroughCore([filesPlugin, envVarsPlugin], {
      files: { contents: { 'bin/greet': '#!/bin/sh\necho "$GREETING from $(basename "$0")"\n' }, executable: ['bin/greet'] },
      env_vars: { GREETING: 'hello' },
    });
    const result = await run(['greet']);
    expect(result).toMatchObject({ exitCode: 0, signal: null, stderr: '' });
    expect(result.stdout).toBe('hello from greet\n');
    expect(handle.context.envVars.FILES_DIR).toBeDefined();
  });

  it('expands ${VAR} in env_vars against the launching process at launch', async () => {
    const { run } = await runPluginThroughCore(envVarsPlugin, { env_vars: { WHERE: 'home is ${HOME}' } });
    const result = await run(['sh', '-c', 'printf %s "$WHERE"']);
    expect(result.stdout).toBe(`home is ${process.env.HOME ?? ''}`);
  });

  it('feeds input to the command', async () => {
    const { run } = await runPluginThroughCore(envVarsPlugin, { env_vars: { A: '1' } });
    expect((await run(['cat'], { input: 'through stdin' })).stdout).toBe('through stdin');
  });

  it('reports a failed creation as the core does: a PluginError naming plugin and hook', async () => {
    const failing = runPluginThroughCore(filesPlugin, { files: { contents: { 'a.txt': 'a' }, run: [['sh', '-c', 'echo broken build >&2; exit 3']] } });
    await expect(failing).rejects.toSatisfy((error: unknown) => PluginError.isInstance(error) && error.plugin === 'files' && error.hook === 'create');
    await expect(failing).rejects.toThrow(/exited with 3[\s\S]*broken build/);
  });
});
