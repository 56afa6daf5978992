// `rtenv run --agent URL` with `image_uri`: the agent creates the environment and
// this CLI starts the container, when the agent listens on loopback (same host,
// same Docker Engine); through any other address the document is refused before
// anything is created, with exit 2.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { buildBusyboxImage, ensureDockerEngine, removeImages, runDockerCommand, type LocalImage } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, rtenvBinary, runRtenv, type RtenvResult } from './support/rtenv-process.js';

const token = 'container-through-agent-token-0123456789';
let workDirectory: string;
let image: LocalImage;
let agentProcess: ChildProcess;
let port: string;

function rtenv(args: readonly string[]): Promise<RtenvResult> {
  const env = { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'cli-data'), RTENV_CONFIG: '', RTENV_AGENT_TOKEN: token };
  return runRtenv(args, { cwd: workDirectory, env });
}

async function waitForFile(file: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function nonLoopbackAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((candidate) => candidate !== undefined && candidate.family === 'IPv4' && !candidate.internal);
  if (!address) throw new Error('this machine has no non-loopback IPv4 address to reach the agent through');
  return address.address;
}

/** The command runs in this CLI's process, which keeps no standby: once it exited, no container of the image is left. */
async function containersOf(imageId: string): Promise<string[]> {
  const { stdout } = await runDockerCommand([
    'ps',
    '--all',
    '--filter',
    'label=io.runtime-env.plugin',
    '--filter',
    `ancestor=${imageId}`,
    '--format',
    '{{.Names}}',
  ]);
  return stdout.split('\n').filter((name) => name.trim() !== '');
}

async function agentEnvironmentIds(): Promise<string[]> {
  const listed = await rtenv(['ls', '--agent', `http://127.0.0.1:${port}`, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { id: string }[]).map((view) => view.id);
}

beforeAll(async () => {
  assertRtenvBuilt();
  await ensureDockerEngine();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-container-agent-'));
  image = await buildBusyboxImage({
    name: `rtenv-e2e-${path
      .basename(workDirectory)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}/busybox:1`,
    files: { '/marker': 'in the image' },
  });
  const tokenFile = path.join(workDirectory, 'token');
  writeFileSync(tokenFile, `${token}\n`);
  chmodSync(tokenFile, 0o600);
  const addressFile = path.join(workDirectory, 'agent.json');
  const agentArguments = [
    'agent',
    '--host',
    '0.0.0.0',
    '--agent-token-file',
    tokenFile,
    '--address-file',
    addressFile,
    '--data-dir',
    path.join(workDirectory, 'agent-data'),
  ];
  agentProcess = spawn(process.execPath, [rtenvBinary, ...agentArguments], { cwd: workDirectory, env: { ...process.env, RTENV_CONFIG: '' }, stdio: 'ignore' });
  await waitForFile(addressFile);
  port = new URL((JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url).port;
});

afterAll(async () => {
  if (agentProcess) {
    agentProcess.kill('SIGTERM');
    await new Promise((resolve) => agentProcess.on('exit', resolve));
  }
  if (image) {
    const { stdout } = await runDockerCommand(['ps', '--all', '--quiet', '--filter', `ancestor=${image.id}`]);
    const left = stdout.split('\n').filter((id) => id.trim() !== '');
    if (left.length > 0) await runDockerCommand(['rm', '--force', ...left]);
    await removeImages([image.name, image.id]);
  }
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
});

describe('rtenv run --agent with image_uri', () => {
  it('refuses through a non-loopback address with exit 2, creating nothing', async () => {
    const result = await rtenv([
      'run',
      '--agent',
      `http://${nonLoopbackAddress()}:${port}`,
      '-e',
      JSON.stringify({ image_uri: image.name }),
      '--',
      'cat',
      '/marker',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('[launcher_not_local]');
    expect(result.stderr).toContain('plugin "image_uri" starts the command of this environment');
    expect(await agentEnvironmentIds()).toEqual([]);
  });

  it('runs the command in the container through a loopback agent, and leaves no container or reference', async () => {
    const result = await rtenv([
      'run',
      '--agent',
      `http://127.0.0.1:${port}`,
      '-e',
      JSON.stringify({ image_uri: image.name }),
      '--',
      'sh',
      '-c',
      'cat /marker; exit 5',
    ]);
    expect(result.stdout).toBe('in the image');
    expect(result.code, result.stderr).toBe(5);
    expect(await containersOf(image.id)).toEqual([]);
    const [environmentId] = await agentEnvironmentIds();
    const shown = await rtenv(['ls', '--agent', `http://127.0.0.1:${port}`, '--json']);
    const view = (JSON.parse(shown.stdout) as { id: string; references?: unknown[] }[]).find((candidate) => candidate.id === environmentId);
    expect(view).toBeDefined();
    expect(view!.references).toEqual([]);
  });

  it('exits 3 when the plugin fails through the agent, as it does locally', async () => {
    const result = await rtenv(['run', '--agent', `http://127.0.0.1:${port}`, '-e', JSON.stringify({ image_uri: '127.0.0.1:1/nope:1' }), '--', 'true']);
    expect(result.stderr).toContain('[plugin_failed]');
    expect(result.code, result.stderr).toBe(3);
  });
});
