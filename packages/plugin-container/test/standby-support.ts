import { runDockerCommand, type LocalImage } from '@runtime-env/testkit';

/** Containers (any state) made from an image that carry the standby label: `{id, name, state}`. */
export async function standbysOfImage(imageId: string): Promise<{ id: string; name: string; state: string }[]> {
  const { stdout } = await runDockerCommand(['ps', '--all', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.State}}', '--filter', `label=io.runtime-env.standby-image=${imageId}`]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', name = '', state = ''] = line.split(' ');
      return { id, name, state };
    });
}

/** Unclaimed standbys of an image, waiting (created or running). */
export async function waitingStandbysOfImage(imageId: string): Promise<{ id: string; name: string; state: string }[]> {
  return (await standbysOfImage(imageId)).filter((standby) => standby.name.startsWith('rtenv-standby-') && (standby.state === 'running' || standby.state === 'created'));
}

/** Builds an image FROM a local one with more Dockerfile lines (the legacy builder needs no registry for a local base). */
export async function deriveImage(base: LocalImage, name: string, lines: readonly string[]): Promise<LocalImage> {
  const dockerfile = [`FROM ${base.id}`, ...lines].join('\n');
  const { stdout } = await runDockerCommand(['build', '--quiet', '--tag', name, '-'], { input: dockerfile });
  return { name, id: stdout.trim().split('\n').pop() ?? '' };
}

/** Waits until `check` holds, polling: the Engine finishes a standby's start after the launch returned. */
export async function eventually(check: () => Promise<boolean>, attempts = 50): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
