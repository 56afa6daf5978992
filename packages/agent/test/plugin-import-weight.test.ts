import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagesLoaded } from '../bench/packages-loaded.js';

// The agent (and `rtenv`) import every installed plugin at start, since validation
// needs every schema; an SDK imported at the top of a plugin module is paid by every
// start. Plugins load these inside the hooks that need them.
const heavyPackages = [
  'dockerode',
  'docker-modem',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  'isomorphic-git',
  '@conda-org/rattler',
  'tar',
  'yauzl',
  'yaml',
  'fzstd',
  'unbzip2-stream',
  'ignore',
];
const firstPartyPlugins = [
  '@runtime-env/plugin-env-vars',
  '@runtime-env/plugin-pip',
  '@runtime-env/plugin-working-dir',
  '@runtime-env/plugin-container',
  '@runtime-env/plugin-conda',
];
const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const fromSources = ['--conditions=source', '--import', 'tsx'];

describe('importing the first-party plugins', () => {
  it('loads none of the heavy SDKs they use', () => {
    const loaded = packagesLoaded(packageDirectory, firstPartyPlugins, fromSources);
    expect(loaded.has('zod')).toBe(true);
    expect(heavyPackages.filter((name) => loaded.has(name))).toEqual([]);
  }, 60_000);

  // A cached `rtenv run` in an image imports this module and nothing else of the plugin's.
  it("the container plugin's launch module loads no package at all, not even zod", () => {
    const loaded = packagesLoaded(packageDirectory, ['@runtime-env/plugin-container/launch'], fromSources);
    // tsx and esbuild are what loads the TypeScript sources here, not the module.
    expect([...loaded].filter((name) => name !== 'tsx' && name !== 'esbuild')).toEqual([]);
  }, 60_000);

  it('would notice one, loaded either way: the probe sees zod imported as an ES module and required as CommonJS', () => {
    expect(packagesLoaded(packageDirectory, ['zod'])).toEqual(new Set(['zod']));
    expect(packagesLoaded(packageDirectory, [new URL('./fixtures/requires-zod.mjs', import.meta.url).href])).toEqual(new Set(['zod']));
    expect(packagesLoaded(packageDirectory, [])).toEqual(new Set());
  }, 60_000);
});
