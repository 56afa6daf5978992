// Launch overhead of the container plugin against the docker CLI, same machine,
// same run, same local image and command: a plain `rtenv run` (which keeps no
// standby), and a launch in the agent's engine with its standby pool warm; plus
// the cost of reusing a cached image environment and the memory of one standby.
// Run: pnpm --filter @runtime-env/plugin-container bench
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '@runtime-env/core';
import { buildBusyboxImage, ensureDockerEngine, removeImages, runDockerCommand } from '@runtime-env/testkit';
import { loadPluginForTest } from '@runtime-env/engine-test-support';
import { createContainerPlugins } from '../src/index.js';
import { formatTable, median, timeCall, timeCommand } from './measure.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm --filter @runtime-env/cli... build\` first`);

await ensureDockerEngine();
const workDirectory = mkdtempSync(join(tmpdir(), 'rtenv-container-bench-'));
const image = await buildBusyboxImage({ name: `rtenv-bench-${process.pid}/busybox:1` });
const command = ['true'];
const cliEnvironment = { ...process.env, RTENV_DATA_DIR: join(workDirectory, 'cli-data'), RTENV_CONFIG: '' };
const rtenvArguments = (document: object) => [binPath, 'run', '--quiet', '-e', JSON.stringify(document), '--', ...command];

const [imageUriPlugin] = createContainerPlugins();
// A process without the option, as every command but the agent: no standby.
const plainManager = await openRuntimeEnvManager({ dataDirectory: join(workDirectory, 'plain'), plugins: [loadPluginForTest(imageUriPlugin)] });
// The agent's engine: the same plugin with the option `rtenv agent` sets.
const agentManager = await openRuntimeEnvManager({
  dataDirectory: join(workDirectory, 'agent'),
  plugins: [loadPluginForTest(imageUriPlugin, { standby: 'in-process' })],
});
const launchIn = async (manager: RuntimeEnvManager) => {
  const handle = await manager.getOrCreate({ image_uri: image.name }, { owner: 'bench' });
  await manager.launch(handle.context, command, { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
  manager.release(handle.id, 'bench');
};

try {
  // Warm-up: creates the cached environments, starts the agent pool's first standby, warms the Engine and the page cache.
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), cliEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), cliEnvironment);
  await timeCommand(process.execPath, rtenvArguments({ env_vars: { BENCH: '1' } }), cliEnvironment);
  await timeCommand('docker', ['run', '--rm', image.name, ...command]);
  await launchIn(plainManager);
  await launchIn(agentManager);

  const samples = {
    docker: [] as number[],
    rtenvByTag: [] as number[],
    rtenvById: [] as number[],
    rtenvNoContainer: [] as number[],
    plainLaunch: [] as number[],
    agentLaunch: [] as number[],
    cachedGetOrCreate: [] as number[],
    firstCreate: [] as number[],
  };
  for (let round = 0; round < rounds; round += 1) {
    // Interleaved, so drift on the shared machine hits every measurement alike.
    samples.docker.push(await timeCommand('docker', ['run', '--rm', image.name, ...command]));
    samples.rtenvByTag.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.name }), cliEnvironment));
    samples.rtenvById.push(await timeCommand(process.execPath, rtenvArguments({ image_uri: image.id }), cliEnvironment));
    samples.rtenvNoContainer.push(await timeCommand(process.execPath, rtenvArguments({ env_vars: { BENCH: '1' } }), cliEnvironment));
    samples.plainLaunch.push(await timeCall(() => launchIn(plainManager)));
    // Untimed: the pool's standby for the plan runs, so the launch measured is one with the pool warm.
    await waitForRunningStandby(image.id);
    samples.agentLaunch.push(await timeCall(() => launchIn(agentManager)));
    samples.cachedGetOrCreate.push(await timeCall(() => plainManager.getOrCreate({ image_uri: image.name }, { owner: `cached-${round}` })));
    const fresh = await openRuntimeEnvManager({ dataDirectory: join(workDirectory, `fresh-${round}`), plugins: [loadPluginForTest(imageUriPlugin)] });
    samples.firstCreate.push(await timeCall(() => fresh.getOrCreate({ image_uri: image.name }, { owner: 'bench' })));
    await fresh.close();
  }
  const standbyMemory = await memoryOfRunningStandby(image.id);
  // Every plain `rtenv run` above must have left nothing; the agent's engine exactly its one standby.
  const leftBeforeClose = await pluginContainersOf(image.id);
  await agentManager.close();
  const leftAfterClose = await pluginContainersOf(image.id);

  const dockerMedian = median(samples.docker);
  const firstCreateMedian = median(samples.firstCreate);
  const versusDocker = (name: string, values: number[]) => ({
    name,
    medianMs: median(values),
    baseline: 'docker run --rm',
    ratio: median(values) / dockerMedian,
  });
  const rows = [
    { name: 'docker run --rm IMAGE true (docker CLI)', medianMs: dockerMedian, baseline: 'itself', ratio: 1 },
    versusDocker('rtenv run, image_uri by tag, cached env', samples.rtenvByTag),
    versusDocker('rtenv run, image_uri by id, cached env', samples.rtenvById),
    versusDocker('rtenv run, env_vars only (CLI start-up)', samples.rtenvNoContainer),
    versusDocker('manager.launch, no standby (plain process)', samples.plainLaunch),
    versusDocker("launch in the agent's engine, pool warm", samples.agentLaunch),
    { name: 'getOrCreate, first (hash + create)', medianMs: firstCreateMedian, baseline: 'itself', ratio: 1 },
    {
      name: 'getOrCreate, cached image env',
      medianMs: median(samples.cachedGetOrCreate),
      baseline: 'first getOrCreate',
      ratio: median(samples.cachedGetOrCreate) / firstCreateMedian,
    },
  ];
  console.log(
    `container plugin benchmark: ${rounds} interleaved rounds, image ${image.name}, command "${command.join(' ')}"; rtenv run keeps no standby, the agent's engine has standby: "in-process"\n`,
  );
  console.log(formatTable(rows));
  recordBenchFigures(
    'plugin-container',
    rows.flatMap((row) => [
      { name: `${row.name} / median`, value: row.medianMs, unit: 'ms' },
      { name: `${row.name} / ratio to ${row.baseline}`, value: row.ratio, unit: 'x' },
    ]),
  );
  console.log(`\none idle standby: ${standbyMemory} of memory (docker stats)`);
  console.log(
    `plugin containers of the image after the rounds: ${leftBeforeClose.length} (the agent's standby); after the agent's engine closed: ${leftAfterClose.length}`,
  );
} finally {
  await agentManager.close();
  await plainManager.close();
  await removeImages([image.name, image.id]);
  rmSync(workDirectory, { recursive: true, force: true });
}

async function pluginContainersOf(imageId: string): Promise<string[]> {
  const { stdout } = await runDockerCommand(['ps', '--all', '--quiet', '--filter', 'label=io.runtime-env.plugin', '--filter', `ancestor=${imageId}`]);
  return stdout.split('\n').filter((line) => line !== '');
}

async function runningStandbysOf(imageId: string): Promise<string[]> {
  const { stdout } = await runDockerCommand(['ps', '--quiet', '--filter', 'status=running', '--filter', `label=io.runtime-env.standby-image=${imageId}`]);
  return stdout.split('\n').filter((line) => line !== '');
}

/** Up to 30 s: on a loaded machine a container's start alone can take seconds. */
async function waitForRunningStandby(imageId: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if ((await runningStandbysOf(imageId)).length === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { stdout } = await runDockerCommand(['ps', '--all', '--filter', `ancestor=${imageId}`, '--format', '{{.Names}} {{.State}} {{.Status}}']);
  throw new Error(`the agent pool has no running standby, so the measurement would not be of a warm pool; containers of the image:\n${stdout}`);
}

async function memoryOfRunningStandby(imageId: string): Promise<string> {
  await waitForRunningStandby(imageId);
  const [standby] = await runningStandbysOf(imageId);
  const { stdout } = await runDockerCommand(['stats', '--no-stream', '--format', '{{.MemUsage}}', standby!]);
  return stdout.trim().split(' / ')[0] ?? stdout.trim();
}
