import { PluginError, ValidationError, type ProgressEvent } from '@runtime-env/core';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { runDockerCommand, serveImageRegistry } from '@runtime-env/testkit';
import { openTestManager, runPluginThroughCore } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerPlugins } from '../src/index.js';
import { imageExists, setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';
import packageJson from '../package.json' with { type: 'json' };

/** The version the core puts in every URI: the tests run in this package, so openTestManager registers it. */
const packageVersion = packageJson.version;

let fixtures: DockerFixtures;
const [imageUriPlugin, containerPlugin] = createContainerPlugins();
const plugins = [imageUriPlugin, containerPlugin, envVarsPlugin];

beforeAll(async () => {
  fixtures = await setUpDockerFixtures();
});
afterAll(async () => {
  await fixtures?.dispose();
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('image identity, pulls and garbage collection (real Docker Engine and registry)', () => {
  it('names an image by id, so a tag moved to another image gives a new URI', async () => {
    const manager = await openTestManager({ plugins });
    const first = await fixtures.buildImage('moving', 'first');
    const before = await manager.resolve({ image_uri: first.name });
    const handle = await manager.getOrCreate({ image_uri: first.name }, { owner: 'test' });
    const second = await fixtures.buildImage('moving', 'second');
    const after = await manager.resolve({ image_uri: second.name });
    expect(before.uris).toEqual([{ plugin: 'image_uri', uri: `image_uri:@runtime-env/plugin-container@${packageVersion}/${first.id}`, key: first.id }]);
    expect(after.uris).toEqual([{ plugin: 'image_uri', uri: `image_uri:@runtime-env/plugin-container@${packageVersion}/${second.id}`, key: second.id }]);
    expect(after.id).not.toBe(before.id);
    // The environment made before the move keeps running the image it was made with.
    const output = (await import('node:stream')).PassThrough;
    const stdout = new output();
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await manager.launch(handle.context, ['cat', '/marker'], { stdin: 'ignore', stdout, stderr: new output() });
    expect(Buffer.concat(chunks).toString()).toBe('first');
  });

  it('pulls an absent image by digest with per-layer progress, and names it by that digest', async () => {
    const { reference, digest } = await fixtures.publishOnly('pulled:1', 'pulled');
    const events: ProgressEvent[] = [];
    const manager = await openTestManager({ plugins });
    const handle = await manager.getOrCreate({ image_uri: reference }, { owner: 'test', onProgress: (event) => events.push(event) });
    const repository = reference.slice(0, reference.lastIndexOf(':'));
    expect(handle.record.uris).toEqual([{ plugin: 'image_uri', uri: `image_uri:@runtime-env/plugin-container@${packageVersion}/${repository}@${digest}` }]);
    const layerEvents = events.filter((event) => event.plugin === 'image_uri' && /^layer [0-9a-f]+: /.test(event.message ?? ''));
    expect(layerEvents.length).toBeGreaterThan(0);
    expect(layerEvents.some((event) => (event.bytesTotal ?? 0) > 0 && event.bytesDone === event.bytesTotal)).toBe(true);
    const record = manager.listUris().find((entry) => entry.uri === handle.record.uris[0]?.uri);
    expect(record?.details).toMatchObject({ pulledByPlugin: true, runReference: `${repository}@${digest}` });
    expect(record?.sizeBytes).toBeGreaterThan(1_000_000);
    // The same tag resolves to the same URI once pulled: the cached path does not create again.
    expect((await manager.getOrCreate({ image_uri: reference }, { owner: 'second' })).cached).toBe(true);
  });

  it('garbage collection removes images it pulled and never ones it found', async () => {
    const { reference, digest } = await fixtures.publishOnly('collected:1', 'collected');
    const repository = reference.slice(0, reference.lastIndexOf(':'));
    const manager = await openTestManager({ plugins });
    const pulled = await manager.getOrCreate({ image_uri: reference }, { owner: 'test' });
    const found = await manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' });
    expect(await imageExists(`${repository}@${digest}`)).toBe(true);
    const uris = [...pulled.record.uris, ...found.record.uris].map((entry) => entry.uri).sort();
    manager.release(pulled.id, 'test');
    manager.release(found.id, 'test');
    const report = await manager.gc({ all: true });
    expect(report.removed.map((candidate) => candidate.uri).sort()).toEqual(uris);
    expect(await imageExists(`${repository}@${digest}`)).toBe(false);
    expect(await imageExists(fixtures.localImage.id)).toBe(true);
  });

  it('keeps pulled images when removePulledImages is false', async () => {
    const { reference, digest } = await fixtures.publishOnly('kept:1', 'kept');
    const repository = reference.slice(0, reference.lastIndexOf(':'));
    const manager = await openTestManager({ plugins, options: { image_uri: { removePulledImages: false } } });
    const pulled = await manager.getOrCreate({ image_uri: reference }, { owner: 'test' });
    manager.release(pulled.id, 'test');
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
    expect(await imageExists(`${repository}@${digest}`)).toBe(true);
  });

  it('fails at once, permanently, naming the image and the registry answer, when an image cannot be pulled', async () => {
    const manager = await openTestManager({ plugins });
    const unreachable = await failureOf(manager.getOrCreate({ image_uri: '127.0.0.1:1/nope:1' }, { owner: 'test' }));
    expect(PluginError.isInstance(unreachable) && unreachable.failureClass).toBe('permanent');
    expect(unreachable.message).toMatch(
      /image "127\.0\.0\.1:1\/nope:1" is not on this node and cannot be pulled: the registry answered ".*connection refused.*"/,
    );
    const unknown = await failureOf(manager.getOrCreate({ image_uri: fixtures.registry.reference(`${fixtures.prefix}/absent:1`) }, { owner: 'test' }));
    expect(unknown.message).toMatch(/cannot be pulled: the registry answered ".*manifest unknown.*"[\s\S]*hint: check the image name and tag/);
  });

  it('pulls from a registry that needs credentials, read from the variable named in the options', async () => {
    const registry = await serveImageRegistry({ credentials: { username: 'robot', password: 'registry-password' } });
    const image = await fixtures.buildImage('private', 'private');
    try {
      await registry.publish(`${fixtures.prefix}/private:1`, image.name);
      const reference = registry.reference(`${fixtures.prefix}/private:1`);
      const withoutCredentials = await openTestManager({ plugins });
      const refused = await failureOf(withoutCredentials.getOrCreate({ image_uri: reference }, { owner: 'test' }));
      expect(refused.message).toMatch(/cannot be pulled: the registry answered ".*(no basic auth credentials|unauthorized).*"[\s\S]*registryAuth/);

      process.env.RTENV_TEST_REGISTRY_PASSWORD = 'registry-password';
      const options = { registryAuth: { [registry.host]: { username: 'robot', passwordEnv: 'RTENV_TEST_REGISTRY_PASSWORD' } } };
      const environment = await runPluginThroughCore(plugins, { image_uri: reference }, { options: { image_uri: options } });
      expect((await environment.run(['cat', '/marker'])).stdout).toBe('private');
      expect(refused.message).not.toContain('registry-password');
      const pulledReference = String(environment.manager.listUris()[0]?.details?.runReference);
      await runDockerCommand(['image', 'rm', pulledReference]).catch(() => undefined);
    } finally {
      delete process.env.RTENV_TEST_REGISTRY_PASSWORD;
      await registry.close();
    }
  });

  it('refuses unsupported run_options, --privileged unless allowed, and image_uri beside container', async () => {
    const manager = await openTestManager({ plugins });
    const unsupported = await failureOf(
      manager.getOrCreate({ container: { image: fixtures.localImage.name, run_options: ['--cpus', '1', '--rm'] } }, { owner: 'test' }),
    );
    expect(ValidationError.isInstance(unsupported) && unsupported.issues).toEqual([
      expect.objectContaining({
        path: 'container.run_options[2]',
        plugin: 'container',
        message: expect.stringMatching(/"--rm" is not supported; supported options: -v\/--volume, -e\/--env/),
      }),
    ]);
    const privileged = await failureOf(
      manager.getOrCreate({ container: { image: fixtures.localImage.name, run_options: ['--privileged'] } }, { owner: 'test' }),
    );
    expect(privileged.message).toMatch(/container\.run_options\[0\]: --privileged .* "allowPrivileged": true/);
    const both = await failureOf(
      manager.getOrCreate({ image_uri: fixtures.localImage.name, container: { image: fixtures.localImage.name } }, { owner: 'test' }),
    );
    expect(both.message).toMatch(/"container" cannot be used with "image_uri"|"image_uri" cannot be used with "container"/);
  });

  it('says clearly when the engine does not answer', async () => {
    const manager = await openTestManager({ plugins, options: { image_uri: { engine: 'unix:///tmp/rtenv-no-engine-here.sock' } } });
    const failure = await failureOf(manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' }));
    expect(failure.message).toMatch(
      /the container engine at unix:\/\/\/tmp\/rtenv-no-engine-here\.sock did not answer while inspecting image .* \(ENOENT\)[\s\S]*hint: start it/,
    );
  });
});
