import { runDockerCommand, type LocalImage } from '@runtime-env/testkit';

export interface ListedStandby {
  id: string;
  name: string;
  state: string;
}

/** Containers (any state) made from an image that carry the standby label, as `docker ps --all` sees them. */
export async function standbysOfImage(imageId: string): Promise<ListedStandby[]> {
  const { stdout } = await runDockerCommand([
    'ps',
    '--all',
    '--no-trunc',
    '--format',
    '{{.ID}} {{.Names}} {{.State}}',
    '--filter',
    `label=io.runtime-env.standby-image=${imageId}`,
  ]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', name = '', state = ''] = line.split(' ');
      return { id, name, state };
    });
}

/** Every container of the plugin (its label) made from the image, standbys or not: what a run may leave behind. */
export async function pluginContainersOfImage(imageId: string): Promise<string[]> {
  const { stdout } = await runDockerCommand([
    'ps',
    '--all',
    '--no-trunc',
    '--quiet',
    '--filter',
    'label=io.runtime-env.plugin',
    '--filter',
    `ancestor=${imageId}`,
  ]);
  return stdout.split('\n').filter((line) => line !== '');
}

/** Builds an image FROM a local one with more Dockerfile lines (the legacy builder needs no registry for a local base). */
export async function deriveImage(base: LocalImage, name: string, lines: readonly string[]): Promise<LocalImage> {
  const dockerfile = [`FROM ${base.id}`, ...lines].join('\n');
  const { stdout } = await runDockerCommand(['build', '--quiet', '--tag', name, '-'], { input: dockerfile });
  return { name, id: stdout.trim().split('\n').pop() ?? '' };
}

/** Waits until `check` holds, polling: a pool starts its standby after the launch returned. */
export async function eventually(check: () => Promise<boolean>, attempts = 50): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Exactly one running standby of the image, once the pool started it. */
export async function oneRunningStandby(imageId: string): Promise<ListedStandby> {
  const settled = await eventually(async () => {
    const listed = await standbysOfImage(imageId);
    return listed.length === 1 && listed[0]!.state === 'running';
  });
  const listed = await standbysOfImage(imageId);
  if (!settled) throw new Error(`expected one running standby of ${imageId}, found ${JSON.stringify(listed)}`);
  return listed[0]!;
}
