import { describePluginConformance, serveImageRegistry, type ImageRegistry } from '@runtime-env/testkit';
import { createContainerPlugins } from '../src/index.js';
import { setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';

// Both fields run the suite against a real Engine. createSpec uses an image that is
// only local (so its size is the record in its directory); abortSpec pulls from a
// registry that holds every blob for seconds, so the abort lands mid-pull.
const [imageUriPlugin, containerPlugin] = createContainerPlugins();
let fixtures: DockerFixtures;
let slowRegistry: ImageRegistry;
let slowReference = '';
let otherImage = '';

async function setup(): Promise<() => Promise<void>> {
  fixtures = await setUpDockerFixtures();
  otherImage = (await fixtures.buildImage('other', 'other')).name;
  slowRegistry = await serveImageRegistry({ layerDelayMs: 30_000 });
  const slowImage = await fixtures.buildImage('slow', 'slow');
  await slowRegistry.publish(`${fixtures.prefix}/slow:1`, slowImage.name);
  slowReference = slowRegistry.reference(`${fixtures.prefix}/slow:1`);
  const { removeImages } = await import('@runtime-env/testkit');
  await removeImages([slowImage.name, slowImage.id]);
  return async () => {
    await slowRegistry.close();
    await fixtures.dispose();
  };
}

describePluginConformance({
  plugin: imageUriPlugin,
  setup,
  validSpecs: [
    { title: 'name and tag', spec: 'busybox:1.36' },
    { title: 'registry with a port', spec: '127.0.0.1:5000/team/app:1.2' },
    { title: 'digest', spec: `ghcr.io/team/app@sha256:${'a'.repeat(64)}` },
    { title: 'image id', spec: `sha256:${'b'.repeat(64)}` },
  ],
  invalidSpecs: [
    { title: 'a number', spec: 3, message: /expected an image reference string/ },
    { title: 'upper case', spec: 'Team/App:1', message: /invalid name part "Team"/ },
    { title: 'empty', spec: '', message: /empty/ },
  ],
  createSpec: () => ({ spec: fixtures.localImage.name }),
  otherSpec: () => ({ spec: otherImage }),
  abortSpec: () => ({ spec: slowReference }),
  abortTiming: { abortAfterMs: 1_000, settleWithinMs: 5_000 },
});

describePluginConformance({
  plugin: containerPlugin,
  setup,
  validSpecs: [
    { title: "Ray's dict", spec: { image: 'busybox:1.36', run_options: ['--cpus', '1', '-v', '/data:/data:ro'] } },
    { title: 'with worker_path', spec: { image: 'busybox', worker_path: '/opt/worker.py' } },
  ],
  invalidSpecs: [
    { title: 'a string', spec: 'busybox', message: /expected an object/ },
    { title: 'no image', spec: { run_options: [] }, message: /image reference string/ },
    { title: 'unsupported option', spec: { image: 'busybox', run_options: ['--rm'] }, message: /"--rm" is not supported; supported options/ },
    { title: 'unknown key', spec: { image: 'busybox', volumes: [] }, message: /accepts image, run_options and worker_path/ },
  ],
  createSpec: () => ({ spec: { image: fixtures.localImage.name, run_options: ['--cpus', '1'] } }),
  otherSpec: () => ({ spec: { image: otherImage } }),
  abortSpec: () => ({ spec: { image: slowReference } }),
  abortTiming: { abortAfterMs: 1_000, settleWithinMs: 5_000 },
});
