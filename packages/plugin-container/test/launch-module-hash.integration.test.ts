import { fileURLToPath } from 'node:url';
import { loadPlugins } from '@runtime-env/core';
import { pluginUri, silentPluginLogger } from '@runtime-env/core/fast-path';
import { serveImageRegistry } from '@runtime-env/testkit';
import { openTestManager } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerPlugins } from '../src/index.js';
import { hash as lightHash } from '../src/launch.js';
import packageJson from '../package.json' with { type: 'json' };
import { resolvePluginOptions } from '../src/plugin-options.js';
import { setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';

// A cached `rtenv run` by tag trusts the "./launch" module's `hash` to say whether the
// tag still names the recorded image: its keys must make exactly the plugin's URIs.
let fixtures: DockerFixtures;
const [imageUriPlugin, containerPlugin] = createContainerPlugins();

beforeAll(async () => {
  fixtures = await setUpDockerFixtures();
});
afterAll(async () => {
  await fixtures?.dispose();
});

const lightContext = {
  pluginDirectory: '/nonexistent',
  dataDirectory: '/nonexistent',
  logger: silentPluginLogger,
  options: resolvePluginOptions({}),
  signal: new AbortController().signal,
};
/** The identity openTestManager registers the plugins under: this package's, as the loader would read it. */
const identity = { name: packageJson.name, version: packageJson.version };

/** The light module's answer as URIs, composed as the core and the fast path compose them. */
async function hashWithoutPlugin(
  field: string,
  spec: unknown,
  context: Omit<typeof lightContext, 'options'> & { options: unknown },
): Promise<string[] | undefined> {
  const result = await lightHash(spec, { ...context, field });
  return result?.keys.map((key) => pluginUri(field, identity, key));
}

async function pluginUris(document: Record<string, unknown>): Promise<string[]> {
  const manager = await openTestManager({ plugins: [imageUriPlugin, containerPlugin] });
  try {
    return (await manager.resolve(document)).uris.map((entry) => entry.uri);
  } finally {
    await manager.close();
  }
}

describe("the container launch module's hash (real Docker Engine and registry)", () => {
  it("gives the plugin's URIs for a local tag, an image id and a pulled image, for both fields", async () => {
    const { reference } = await fixtures.publishOnly('pulled:1', 'pulled-for-hash');
    // Not pulled yet: both ask the registry.
    expect(await hashWithoutPlugin('image_uri', reference, lightContext)).toEqual(await pluginUris({ image_uri: reference }));
    // Pulled through the plugin, so the local image carries the registry digest the plugin names it by.
    const manager = await openTestManager({ plugins: [imageUriPlugin] });
    await manager.getOrCreate({ image_uri: reference }, { owner: 'test' });
    await manager.close();
    for (const image of [fixtures.localImage.name, fixtures.localImage.id, reference]) {
      const normalizedImage = (await import('../src/spec/image-name-schema.js')).imageNameSchema.parse(image);
      expect(await hashWithoutPlugin('image_uri', normalizedImage, lightContext), image).toEqual(await pluginUris({ image_uri: image }));
      const containerSpec = { image: normalizedImage, run_options: ['--cpus', '1'] };
      expect(await hashWithoutPlugin('container', containerSpec, lightContext)).toEqual(
        await pluginUris({ container: { image, run_options: ['--cpus', '1'] } }),
      );
    }
  });

  it('follows a moved tag, and leaves to the plugin what only it can tell', async () => {
    const first = await fixtures.buildImage('moving-hash', 'first');
    const before = await hashWithoutPlugin('image_uri', first.name, lightContext);
    const second = await fixtures.buildImage('moving-hash', 'second');
    const after = await hashWithoutPlugin('image_uri', second.name, lightContext);
    expect(before).toEqual([`image_uri:${identity.name}@${identity.version}/${first.id}`]);
    expect(after).toEqual([`image_uri:${identity.name}@${identity.version}/${second.id}`]);
    // Not on this node and no registry answers: only the plugin can say why.
    expect(await hashWithoutPlugin('image_uri', `127.0.0.1:1/${fixtures.prefix}/absent:1`, lightContext)).toBeUndefined();
    expect(await hashWithoutPlugin('pip', 'requests', lightContext)).toBeUndefined();
    expect(await hashWithoutPlugin('image_uri', { not: 'an image' }, lightContext)).toBeUndefined();
  });

  it('asks a registry that needs credentials with the configured ones, as the plugin does', async () => {
    const registry = await serveImageRegistry({ credentials: { username: 'robot', password: 'registry-password' } });
    const image = await fixtures.buildImage('private-hash', 'private');
    try {
      await registry.publish(`${fixtures.prefix}/private-hash:1`, image.name);
      const reference = registry.reference(`${fixtures.prefix}/private-hash:1`);
      const options = resolvePluginOptions({ registryAuth: { [registry.host]: { username: 'robot', password: 'registry-password' } } });
      const manager = await openTestManager({ plugins: [imageUriPlugin], options: { image_uri: options } });
      const expected = (await manager.resolve({ image_uri: reference })).uris.map((entry) => entry.uri);
      await manager.close();
      expect(expected[0]).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(await hashWithoutPlugin('image_uri', reference, { ...lightContext, options })).toEqual(expected);
      expect(await hashWithoutPlugin('image_uri', reference, lightContext)).toBeUndefined();
    } finally {
      await registry.close();
    }
  });

  it('is the package\'s "./launch" export, which the loader finds for both fields', async () => {
    const packageFolder = fileURLToPath(new URL('..', import.meta.url));
    // Resolved from its own folder, as a config there would name it (`source`: this workspace's TypeScript).
    const loaded = await loadPlugins(['@runtime-env/plugin-container'], { searchDirectories: [packageFolder], conditions: ['source', 'node', 'import'] });
    expect(loaded.map((entry) => [entry.plugin.name, entry.identity, entry.launchModule])).toEqual(
      ['image_uri', 'container'].map((field) => [field, identity, new URL('../src/launch.ts', import.meta.url).href]),
    );
  });
});
