// `rtenv run` with `image_uri` / `container`, as a user runs it: the built binary
// with the first-party plugins it loads by default, a real Docker Engine (started
// and installed when missing), and busybox images the test imports itself (no
// registry is reachable from these machines).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBusyboxImage, ensureDockerEngine, removeImages, runDockerCommand, type LocalImage } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRtenvOutput, spawnRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
const containerPluginPath = fileURLToPath(new URL('../../plugin-container/dist/index.js', import.meta.url));
let workDirectory: string;
let image: LocalImage;

function startRtenv(args: readonly string[], extraEnv: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawnRtenv(args, {
    cwd: workDirectory,
    env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '', ...extraEnv },
  });
}

function rtenv(args: readonly string[], input = '', extraEnv: Record<string, string> = {}): Promise<RtenvResult> {
  const child = startRtenv(args, extraEnv);
  child.stdin.end(input);
  return collectRtenvOutput(child);
}

function waitForOutput(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
  });
}

/**
 * Every container of the plugin (its label) made from the image, in any state:
 * `rtenv run` is short-lived and keeps no standby, so once it exited there is none.
 */
async function containersOf(imageId: string): Promise<string[]> {
  const { stdout } = await runDockerCommand(['ps', '--all', '--quiet', '--filter', 'label=io.runtime-env.plugin', '--filter', `ancestor=${imageId}`]);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

const inImage = (extra: Record<string, unknown> = {}) => JSON.stringify({ image_uri: image.name, ...extra });

beforeAll(async () => {
  if (!existsSync(binPath) || !existsSync(containerPluginPath))
    throw new Error('the CLI or the container plugin is not built: run `pnpm --filter @runtime-env/cli... build`');
  await ensureDockerEngine();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-container-e2e-'));
  image = await buildBusyboxImage({
    name: `rtenv-e2e-${path
      .basename(workDirectory)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}/busybox:1`,
    files: { '/marker': 'in the image' },
  });
});
afterAll(async () => {
  if (image) await removeImages([image.name, image.id]);
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
});

describe('rtenv run with image_uri', () => {
  it('leaves no container behind, by the engine path and by the fast path: no standby outlives a plain run', async () => {
    const byTag = inImage({ env_vars: { LEFT: 'nothing' } });
    const byId = JSON.stringify({ image_uri: image.id, env_vars: { LEFT: 'nothing' } });
    expect(await containersOf(image.id)).toEqual([]);
    for (const document of [byTag, byTag, byId, byId]) {
      const result = await rtenv(['run', '--runtime-env', document, '--', 'true']);
      expect(result.code, result.stderr).toBe(0);
      // Not even a moment later: a standby would be started while the command runs, and live on.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await containersOf(image.id)).toEqual([]);
    }
  });

  it('prints the command output, stderr apart, and exits with its code', async () => {
    const result = await rtenv(['run', '--runtime-env', inImage(), '--', 'sh', '-c', 'cat /marker; echo; echo oops >&2; exit 4']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toBe('in the image\n');
    expect(result.stderr).toContain('oops\n');
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('sets env_vars and runs in the mounted working_dir', async () => {
    const folder = path.join(workDirectory, 'project');
    rmSync(folder, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(folder)).then(() => writeFileSync(path.join(folder, 'notes.txt'), 'project notes\n'));
    const result = await rtenv([
      'run',
      '--runtime-env',
      inImage({ working_dir: folder, env_vars: { GREETING: 'bonjour' } }),
      '--',
      'sh',
      '-c',
      'echo "$GREETING"; cat notes.txt; pwd | grep -q "^/" && echo absolute',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('bonjour\nproject notes\nabsolute\n');
  });

  it('forwards stdin', async () => {
    const result = await rtenv(['run', '--runtime-env', inImage(), '--', 'sh', '-c', 'wc -l'], 'a\nb\nc\n');
    expect(result.stdout.trim()).toBe('3');
  });

  it('passes SIGTERM to the command and removes the container', async () => {
    const child = startRtenv([
      'run',
      '--runtime-env',
      inImage(),
      '--',
      'sh',
      '-c',
      'trap "echo got-TERM; exit 7" TERM; echo ready; while true; do sleep 0.1; done',
    ]);
    child.stdin.end();
    const done = collectRtenvOutput(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(7);
    expect(result.stdout).toBe('ready\ngot-TERM\n');
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('exits 130 on SIGINT when the command does not handle it, and removes the container', async () => {
    const child = startRtenv(['run', '--runtime-env', inImage(), '--', 'sh', '-c', 'echo ready; sleep 60']);
    child.stdin.end();
    const done = collectRtenvOutput(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGINT');
    expect((await done).code).toBe(130);
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('stops a command past launchTimeoutSeconds with a clear error and no container left', async () => {
    const configPath = path.join(workDirectory, 'timeout.config.json');
    writeFileSync(configPath, JSON.stringify({ plugins: [[containerPluginPath, { launchTimeoutSeconds: 1 }]] }));
    const result = await rtenv(['run', '--config', configPath, '--runtime-env', inImage(), '--', 'sleep', '60']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /plugin "image_uri" failed in launch: the command in image ".*" ran longer than 1 s; it was stopped and its container removed/,
    );
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('removes the container of a killed rtenv at the next run', async () => {
    const child = startRtenv(['run', '--runtime-env', inImage(), '--', 'sh', '-c', 'echo ready; sleep 60']);
    child.stdin.end();
    const done = collectRtenvOutput(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGKILL');
    await done;
    expect(await containersOf(image.id)).toHaveLength(1);
    await rtenv(['run', '--runtime-env', inImage(), '--', 'true']);
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('refuses conda beside image_uri and unsupported run_options, naming the field', async () => {
    const withConda = await rtenv(['run', '--runtime-env', inImage({ conda: { dependencies: ['python'] } }), '--', 'true']);
    expect(withConda.code).toBe(2);
    expect(withConda.stderr).toMatch(/"conda" cannot be used with "image_uri"/);
    const unsupported = await rtenv(['run', '--runtime-env', JSON.stringify({ container: { image: image.name, run_options: ['--rm'] } }), '--', 'true']);
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toMatch(/container\.run_options\[0\]: the option "--rm" is not supported; supported options: -v\/--volume/);
  });

  it('fails clearly and permanently for an image that cannot be pulled', async () => {
    const result = await rtenv(['run', '--runtime-env', JSON.stringify({ image_uri: '127.0.0.1:1/nope:1' }), '--', 'true']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/image "127\.0\.0\.1:1\/nope:1" is not on this node and cannot be pulled: the registry answered/);
  });
});

// An image named by id hashes purely, so the engine records the document and the
// next run takes the fast path: the CLI imports the container plugin alone and
// calls its launch hook, without the core's engine, zod validation or other plugins.
describe('rtenv run with image_uri by id, on the fast path', () => {
  const debug = { RTENV_DEBUG: '1' };
  const byId = (extra: Record<string, unknown> = {}) => JSON.stringify({ image_uri: image.id, ...extra });
  // The plugin's launch module alone: neither zod nor the plugin's schemas load.
  const FAST = /run: fast path launches through plugin "image_uri", importing file:\/\/\S+\/plugin-container\/dist\/launch\.js \(its launch module\)/;

  it('takes the engine the first time and the launcher plugin alone the second, with the same output and exit code', async () => {
    const document = byId({ env_vars: { MEMO: 'kept' } });
    const script = 'cat /marker; echo " $MEMO"; echo oops >&2; exit 5';
    const first = await rtenv(['run', '--runtime-env', document, '--', 'sh', '-c', script], '', debug);
    expect(first.code, first.stderr).toBe(5);
    expect(first.stderr).toContain('fast path missed (document not recorded for this scope');
    const second = await rtenv(['run', '--runtime-env', document, '--', 'sh', '-c', script], '', debug);
    expect(second.code, second.stderr).toBe(5);
    expect(second.stderr).toContain('fast path hit');
    expect(second.stderr).toMatch(FAST);
    expect(second.stderr).not.toContain('loading the engine');
    expect(second.stdout).toBe('in the image kept\n');
    expect(second.stderr).toContain('oops\n');
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('forwards stdin, SIGTERM and SIGINT on the fast path and leaves no container', async () => {
    const document = byId({ env_vars: { SIGNALS: '1' } });
    await rtenv(['run', '--runtime-env', document, '--', 'true']);
    const counted = await rtenv(['run', '--runtime-env', document, '--', 'sh', '-c', 'wc -l'], 'a\nb\n', debug);
    expect(counted.stderr).toMatch(FAST);
    expect(counted.stdout.trim()).toBe('2');

    const terminated = startRtenv(
      ['run', '--runtime-env', document, '--', 'sh', '-c', 'trap "echo got-TERM; exit 7" TERM; echo ready; while true; do sleep 0.1; done'],
      debug,
    );
    terminated.stdin.end();
    const terminatedDone = collectRtenvOutput(terminated);
    await waitForOutput(terminated, 'ready');
    terminated.kill('SIGTERM');
    const terminatedResult = await terminatedDone;
    expect(terminatedResult.stderr).toMatch(FAST);
    expect(terminatedResult.code, terminatedResult.stderr).toBe(7);
    expect(terminatedResult.stdout).toBe('ready\ngot-TERM\n');

    const interrupted = startRtenv(['run', '--runtime-env', document, '--', 'sh', '-c', 'echo ready; sleep 60'], debug);
    interrupted.stdin.end();
    const interruptedDone = collectRtenvOutput(interrupted);
    await waitForOutput(interrupted, 'ready');
    interrupted.kill('SIGINT');
    const interruptedResult = await interruptedDone;
    expect(interruptedResult.stderr).toMatch(FAST);
    expect(interruptedResult.code).toBe(130);
    expect(await containersOf(image.id)).toEqual([]);
  });

  it('launches with the plugin options from the config entry on the fast path', async () => {
    const configPath = path.join(workDirectory, 'fast-timeout.config.json');
    writeFileSync(configPath, JSON.stringify({ plugins: [[containerPluginPath, { launchTimeoutSeconds: 1 }]] }));
    const document = byId();
    const first = await rtenv(['run', '--config', configPath, '--runtime-env', document, '--', 'true'], '', debug);
    expect(first.code, first.stderr).toBe(0);
    const second = await rtenv(['run', '--config', configPath, '--runtime-env', document, '--', 'sleep', '60'], '', debug);
    expect(second.stderr).toMatch(FAST);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/the command in image ".*" ran longer than 1 s; it was stopped and its container removed/);
    expect(await containersOf(image.id)).toEqual([]);
  });
});

// An image named by tag is recorded with the tag to re-check: a cached run asks the
// container plugin's launch module which image the tag names now (one inspection),
// and takes the recorded environment only when it is the same image.
describe('rtenv run with image_uri by tag, on the fast path', () => {
  const debug = { RTENV_DEBUG: '1' };

  it('re-checks the tag on the fast path, and follows it to a new environment when it moves', async () => {
    const movingName = `${image.name.slice(0, image.name.lastIndexOf(':'))}:moving`;
    const first = await buildBusyboxImage({ name: movingName, files: { '/marker': 'first image' } });
    const document = JSON.stringify({ image_uri: movingName });
    try {
      const engine = await rtenv(['run', '--runtime-env', document, '--', 'cat', '/marker'], '', debug);
      expect(engine.code, engine.stderr).toBe(0);
      expect(engine.stdout).toBe('first image');
      const cached = await rtenv(['run', '--runtime-env', document, '--', 'cat', '/marker'], '', debug);
      expect(cached.stderr).toContain('run: fast path re-checked image_uri through the launch module');
      expect(cached.stderr).not.toContain('loading the engine');
      expect(cached.stdout).toBe('first image');

      const second = await buildBusyboxImage({ name: movingName, files: { '/marker': 'second image' } });
      const moved = await rtenv(['run', '--runtime-env', document, '--', 'cat', '/marker'], '', debug);
      expect(moved.stderr).toContain('fast path missed (image_uri now names another environment); loading the engine and plugins');
      expect(moved.stdout).toBe('second image');
      const cachedAgain = await rtenv(['run', '--runtime-env', document, '--', 'cat', '/marker'], '', debug);
      expect(cachedAgain.stderr).toContain('run: fast path re-checked image_uri');
      expect(cachedAgain.stdout).toBe('second image');
      expect(await containersOf(first.id)).toEqual([]);
      expect(await containersOf(second.id)).toEqual([]);
      await removeImages([first.id, second.id]);
    } finally {
      await removeImages([movingName]);
    }
  });
});
