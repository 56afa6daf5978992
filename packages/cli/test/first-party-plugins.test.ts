import { describe, expect, it } from 'vitest';
import { firstPartyPluginPackages, loadInstalledFirstPartyPlugins } from '../src/config/first-party-plugins.js';

describe('loadInstalledFirstPartyPlugins', () => {
  it('loads the env_vars package, which is always installed with the CLI', async () => {
    const loaded = await loadInstalledFirstPartyPlugins(['@runtime-env/plugin-env-vars']);
    expect(loaded.map((entry) => [entry.plugin.name, entry.source])).toEqual([['env_vars', '@runtime-env/plugin-env-vars']]);
  });

  it('skips a package that does not resolve', async () => {
    const loaded = await loadInstalledFirstPartyPlugins(['@runtime-env/plugin-that-is-not-installed', '@runtime-env/plugin-env-vars']);
    expect(loaded.map((entry) => entry.plugin.name)).toEqual(['env_vars']);
  });

  it('fails on a package that resolves but is not a plugin, instead of skipping it', async () => {
    // zod resolves from the CLI's folder but exports no plugin.
    await expect(loadInstalledFirstPartyPlugins(['zod'])).rejects.toThrowError(
      /plugin zod \(package zod, file \S+\): plugin declares apiVersion undefined, but this core implements apiVersion 2/,
    );
  });

  it('knows every first-party plugin package by name', () => {
    expect(firstPartyPluginPackages).toEqual([
      '@runtime-env/plugin-env-vars',
      '@runtime-env/plugin-working-dir',
      '@runtime-env/plugin-pip',
      '@runtime-env/plugin-conda',
      '@runtime-env/plugin-container',
    ]);
  });
});
