import { randomBytes } from 'node:crypto';
import {
  buildBusyboxImage,
  ensureDockerEngine,
  removeImages,
  runDockerCommand,
  serveImageRegistry,
  type ImageRegistry,
  type LocalImage,
} from '@runtime-env/testkit';

/** A unique image-name prefix per test file, so parallel runs and leftovers never collide. */
export function uniqueImagePrefix(): string {
  return `rtenv-test-${randomBytes(4).toString('hex')}`;
}

export interface DockerFixtures {
  prefix: string;
  /** A busybox image only in the local Engine (never pulled). */
  localImage: LocalImage;
  registry: ImageRegistry;
  /** Builds another busybox image (distinct id thanks to a marker file). */
  buildImage(tag: string, marker: string): Promise<LocalImage>;
  /** Publishes a fresh image to the registry and removes it locally, so using it needs a real pull. */
  publishOnly(repositoryAndTag: string, marker: string): Promise<{ reference: string; digest: string }>;
  /** Launched containers from images of this file (standbys apart), to check that none is left. */
  containersLeft(): Promise<string[]>;
  /** Standbys (waiting, or running a claimed command) from images of this file: `{id, name}`. */
  standbysLeft(): Promise<{ id: string; name: string }[]>;
  /** Removes every standby of this file's images (for afterAll: no container of the plugin remains). */
  removeStandbys(): Promise<void>;
  dispose(): Promise<void>;
}

export async function setUpDockerFixtures(registryOptions: Parameters<typeof serveImageRegistry>[0] = {}): Promise<DockerFixtures> {
  await ensureDockerEngine();
  const prefix = uniqueImagePrefix();
  const created: string[] = [];
  const buildImage = async (tag: string, marker: string) => {
    const image = await buildBusyboxImage({ name: `${prefix}/busybox:${tag}`, files: { '/marker': marker } });
    created.push(image.name, image.id);
    return image;
  };
  const localImage = await buildImage('local', 'local');
  const registry = await serveImageRegistry(registryOptions);
  const pluginContainersOf = async (): Promise<{ id: string; name: string }[]> => {
    const { stdout } = await runDockerCommand(['ps', '--all', '--format', '{{.ID}} {{.Names}}', '--filter', 'label=io.runtime-env.plugin']);
    const fromThisFile: { id: string; name: string }[] = [];
    for (const line of stdout.split('\n').filter((each) => each !== '')) {
      const [id = '', name = ''] = line.split(' ');
      const { stdout: image } = await runDockerCommand(['inspect', '--format', '{{.Config.Image}}', id]).catch(() => ({ stdout: '' }));
      if (image.includes(prefix) || created.some((each) => image.trim() === each)) fromThisFile.push({ id, name });
    }
    return fromThisFile;
  };
  const standbysLeft = async () => (await pluginContainersOf()).filter((container) => container.name.startsWith('rtenv-pool-standby-'));
  const removeStandbys = async () => {
    for (const standby of await standbysLeft()) await runDockerCommand(['rm', '--force', standby.id]).catch(() => undefined);
  };
  return {
    prefix,
    localImage,
    registry,
    buildImage,
    async publishOnly(repositoryAndTag, marker) {
      const image = await buildImage(`publish-${randomBytes(3).toString('hex')}`, marker);
      const { digest } = await registry.publish(`${prefix}/${repositoryAndTag}`, image.name);
      await removeImages([image.name, image.id]);
      const reference = registry.reference(`${prefix}/${repositoryAndTag}`);
      created.push(reference, `${registry.reference(`${prefix}/${repositoryAndTag.split(':')[0]}`)}@${digest}`);
      return { reference, digest };
    },
    async containersLeft() {
      return (await pluginContainersOf()).filter((container) => !container.name.startsWith('rtenv-pool-standby-')).map((container) => container.id);
    },
    standbysLeft,
    removeStandbys,
    async dispose() {
      await removeStandbys();
      await registry.close();
      await removeImages(created);
    },
  };
}

/** Whether the Engine has an image by this name or id. */
export async function imageExists(nameOrId: string): Promise<boolean> {
  return runDockerCommand(['image', 'inspect', nameOrId]).then(
    () => true,
    () => false,
  );
}
