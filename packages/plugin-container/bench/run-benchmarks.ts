// Launch overhead of the container plugin against the docker CLI, same machine,
// same run, same local image and command; and the cost of reusing a cached image
// environment. Run: pnpm --filter @runtime-env/plugin-container bench
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { buildBusyboxImage, ensureDockerEngine, loadPluginForTest, removeImages, runDockerCommand } from '@runtime-env/testkit';
import { createContainerPlugins } from '../src/index.js';
import { formatTable, median, timeCall, timeCommand } from './measure.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const binPath = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm --filter @runtime-env/cli... build\` first`);

await ensureDockerEngine();
const workDirectory = mkdtempSync(join(tmpdir(), 'rtenv-container-bench-'));
const image = await buildBusyboxImage({ name: `rtenv-bench-${process.pid}/busybox:1` });
const command = ['echo', 'hello'];
const cliEnvironment = { ...process.env, RTENV_DATA_DIR: join(workDirectory, 'cli-data'), RTENV_CONFIG: '' };
const rtenvArguments = (document: object) => [binPath, 'run', '--quiet', '--runtime-env', JSON.stringify(document), '--', ...command];
// Standbys off through a config file: the plugin package with its options (resolved from this package's folder, the CLI's cwd).
const noStandbyConfig = join(workDirectory, 'no-standby.config.json');
writeFileSync(noStandbyConfig, JSON.stringify({ dataDir: join(workDirectory, 'cli-data-no-standby'), plugins: [['@runtime-env/plugin-container', { standby: false }]] }));
const noStandbyEnvironment = { ...process.env, RTENV_CONFIG: noStandbyConfig, RTENV_DATA_DIR: '' };

const [imageUriPlugin] = createContainerPlugins();
const manager = await openRuntimeEnvManager({ dataDirectory: join(workDirectory, 'manager-data'), plugins: [loadPluginForTest(imageUriPlugin)] });
const noStandbyManager = await openRuntimeEnvManager({ dataDirectory: join(workDirectory, 'manager-data-no-standby'), plugins: [loadPluginForTest(imageUriPlugin, { standby: false })] });
const launchInProcess = async (target = manager) => {
  const handle = await target.getOrCreate({ image_uri: image.name }, { owner: 'bench' });
  await target.launch(handle.context, command, { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
  target.release(handle.id, 'bench');
};

try {
  // Warm-up: creates the cached environments and warms the Engine and the page cache.
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), cliEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), cliEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ env_vars: { BENCH: '1' } }), cliEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), noStandbyEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), noStandbyEnvironment);
  await timeCommand('docker', ['run', '--rm', image.name, ...command]);
  await launchInProcess();
  await launchInProcess(noStandbyManager);

  const samples = {
    docker: [] as number[],
    rtenvImage: [] as number[],
    rtenvImageById: [] as number[],
    rtenvNoStandby: [] as number[],
    rtenvByTagNoStandby: [] as number[],
    rtenvNoContainer: [] as number[],
    inProcess: [] as number[],
    inProcessNoStandby: [] as number[],
    cachedGetOrCreate: [] as number[],
    firstCreate: [] as number[],
  };
  for (let round = 0; round < rounds; round += 1) {
    // Interleaved, so drift on the shared machine hits every measurement alike.
    samples.docker.push(await timeCommand('docker', ['run', '--rm', image.name, ...command]));
    samples.rtenvImage.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), cliEnvironment));
    samples.rtenvImageById.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), cliEnvironment));
    samples.rtenvNoStandby.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), noStandbyEnvironment));
    samples.rtenvByTagNoStandby.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), noStandbyEnvironment));
    samples.rtenvNoContainer.push(await timeCommand(process.execPath, rtenvArguments({ env_vars: { BENCH: '1' } }), cliEnvironment));
    samples.inProcess.push(await timeCall(() => launchInProcess()));
    samples.inProcessNoStandby.push(await timeCall(() => launchInProcess(noStandbyManager)));
    samples.cachedGetOrCreate.push(await timeCall(() => manager.getOrCreate({ image_uri: image.name }, { owner: `cached-${round}` })));
    const fresh = await openRuntimeEnvManager({ dataDirectory: join(workDirectory, `fresh-${round}`), plugins: [loadPluginForTest(imageUriPlugin)] });
    samples.firstCreate.push(await timeCall(() => fresh.getOrCreate({ image_uri: image.name }, { owner: 'bench' })));
    await fresh.close();
  }

  const dockerMedian = median(samples.docker);
  const firstCreateMedian = median(samples.firstCreate);
  const rows = [
    { name: 'docker run --rm (docker CLI)', medianMs: dockerMedian, baseline: 'itself', ratio: 1 },
    { name: 'rtenv run, image_uri by tag, cached env', medianMs: median(samples.rtenvImage), baseline: 'docker run --rm', ratio: median(samples.rtenvImage) / dockerMedian },
    { name: 'rtenv run, image_uri by id, cached env', medianMs: median(samples.rtenvImageById), baseline: 'docker run --rm', ratio: median(samples.rtenvImageById) / dockerMedian },
    { name: 'rtenv run, by id, "standby": false (config)', medianMs: median(samples.rtenvNoStandby), baseline: 'docker run --rm', ratio: median(samples.rtenvNoStandby) / dockerMedian },
    { name: 'rtenv run, by tag, "standby": false (config)', medianMs: median(samples.rtenvByTagNoStandby), baseline: 'docker run --rm', ratio: median(samples.rtenvByTagNoStandby) / dockerMedian },
    { name: 'rtenv run, env_vars only (CLI start-up)', medianMs: median(samples.rtenvNoContainer), baseline: 'docker run --rm', ratio: median(samples.rtenvNoContainer) / dockerMedian },
    { name: 'manager.launch in process (plugin only)', medianMs: median(samples.inProcess), baseline: 'docker run --rm', ratio: median(samples.inProcess) / dockerMedian },
    { name: 'manager.launch in process, standby: false', medianMs: median(samples.inProcessNoStandby), baseline: 'docker run --rm', ratio: median(samples.inProcessNoStandby) / dockerMedian },
    { name: 'getOrCreate, first (hash + create)', medianMs: firstCreateMedian, baseline: 'itself', ratio: 1 },
    { name: 'getOrCreate, cached image env', medianMs: median(samples.cachedGetOrCreate), baseline: 'first getOrCreate', ratio: median(samples.cachedGetOrCreate) / firstCreateMedian },
  ];
  console.log(`container plugin benchmark: ${rounds} interleaved rounds, image ${image.name}, command "${command.join(' ')}"; standby on unless the row says otherwise\n`);
  console.log(formatTable(rows));
} finally {
  await manager.close();
  await noStandbyManager.close();
  // The standbys left for a next run: a container of the image, which would keep it.
  await removeStandbysOf(image.id);
  await removeImages([image.name, image.id]);
  rmSync(workDirectory, { recursive: true, force: true });
}

async function removeStandbysOf(imageId: string): Promise<void> {
  const { stdout } = await runDockerCommand(['ps', '--all', '--quiet', '--filter', `label=io.runtime-env.standby-image=${imageId}`]);
  for (const id of stdout.split('\n').filter((line) => line !== '')) await runDockerCommand(['rm', '--force', id]).catch(() => undefined);
}
