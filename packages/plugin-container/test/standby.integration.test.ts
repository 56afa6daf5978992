import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pluginDirectoryOf } from '@runtime-env/core/cached-run';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { workingDirPlugin } from '@runtime-env/plugin-working-dir';
import { openTestManager, removeImages, runDockerCommand, runPluginThroughCore, type LocalImage, type PluginRun } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClientProvider } from '../src/engine/docker-client.js';
import { createContainerPlugins } from '../src/index.js';
import { containerPluginOptionsSchema } from '../src/plugin-options.js';
import { claimStandby } from '../src/standby/claim-standby.js';
import { prepareStandby } from '../src/standby/prepare-standby.js';
import { imageExists, setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';
import { deriveImage, eventually, standbysOfImage, waitingStandbysOfImage } from './standby-support.js';
import { sendTwoInterrupts } from './two-interrupts.js';

let fixtures: DockerFixtures;
const derivedImages: LocalImage[] = [];
const plugins = [...createContainerPlugins(), envVarsPlugin, workingDirPlugin];

beforeAll(async () => {
  fixtures = await setUpDockerFixtures();
});
afterAll(async () => {
  for (const image of derivedImages) {
    for (const standby of await standbysOfImage(image.id)) await runDockerCommand(['rm', '--force', standby.id]).catch(() => undefined);
  }
  await fixtures?.removeStandbys();
  const left = [...(await fixtures.standbysLeft()), ...(await fixtures.containersLeft())];
  await removeImages(derivedImages.flatMap((image) => [image.name, image.id]));
  await fixtures?.dispose();
  expect(left).toEqual([]);
});

/** A fresh image, so the standbys counted are this test's alone. */
async function imageForTest(tag: string): Promise<LocalImage> {
  return fixtures.buildImage(tag, tag);
}

/** Runs once so a standby is made, and waits until it runs: the next launch of the same plan should claim it. */
async function primeStandby(environment: PluginRun, image: LocalImage): Promise<{ id: string; name: string }> {
  await environment.run(['true']);
  expect(await eventually(async () => (await waitingStandbysOfImage(image.id)).some((standby) => standby.state === 'running'))).toBe(true);
  const waiting = await waitingStandbysOfImage(image.id);
  expect(waiting).toHaveLength(1);
  return waiting[0]!;
}

/** The standby is gone (claimed, then removed) and a new one waits for the next launch. */
async function expectClaimedAndReplaced(standby: { id: string }, image: LocalImage): Promise<void> {
  const waiting = await waitingStandbysOfImage(image.id);
  expect(waiting.map((each) => each.id)).not.toContain(standby.id);
  expect(waiting).toHaveLength(1);
  expect(await fixtures.containersLeft()).toEqual([]);
}

describe('standby containers (real Docker Engine)', () => {
  it('a second launch runs in the standby the first one made, and leaves a new one', async () => {
    const image = await imageForTest('claim');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    const standby = await primeStandby(environment, image);
    // A container's hostname is its short id: the command ran in the standby.
    const result = await environment.run(['hostname']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `${standby.id.slice(0, 12)}\n` });
    await expectClaimedAndReplaced(standby, image);
  });

  it('gives the same output, exit code, env vars, working directory and stdin as a launch without standby', async () => {
    const image = await imageForTest('same');
    const folder = mkdtempSync(join(tmpdir(), 'rtenv-standby-working-dir-'));
    writeFileSync(join(folder, 'hello.txt'), 'from the working dir\n');
    try {
      const document = { image_uri: image.name, working_dir: folder, env_vars: { GREETING: 'hello there' } };
      const withStandby = await runPluginThroughCore(plugins, document);
      const without = await runPluginThroughCore(plugins, document, { options: { image_uri: { standby: false } } });
      const standby = await primeStandby(withStandby, image);
      const command = ['sh', '-c', 'echo "$GREETING"; pwd; cat hello.txt; cat; echo "[eof]"; echo to-stderr >&2; id -u; exit 3'];
      const input = 'line one\nline two\n';
      const throughStandby = await withStandby.run(command, { input });
      await expectClaimedAndReplaced(standby, image);
      const expected = { exitCode: 3, signal: null, stdout: `hello there\n${withStandby.handle.context.workingDirectory}\nfrom the working dir\nline one\nline two\n[eof]\n${process.getuid?.()}\n`, stderr: 'to-stderr\n' };
      expect(throughStandby).toEqual(expected);
      expect(await without.run(command, { input })).toEqual({ ...expected, stdout: expected.stdout.replace(withStandby.handle.context.workingDirectory ?? '', without.handle.context.workingDirectory ?? '') });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('passes arguments with spaces, quotes, $, * and backslashes verbatim', async () => {
    const image = await imageForTest('words');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    const standby = await primeStandby(environment, image);
    const words = ['two words', "it's", '"double"', '$HOME', '*', 'back\\slash', '', '  leading', "'; exit 9; '"];
    const result = await environment.run(['printf', '[%s]\\n', ...words]);
    expect(result).toMatchObject({ exitCode: 0, stdout: words.map((word) => `[${word}]\n`).join('') });
    await expectClaimedAndReplaced(standby, image);
  });

  it('falls back to a new container for an argument with a newline, and keeps the standby', async () => {
    const image = await imageForTest('newline');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    const standby = await primeStandby(environment, image);
    const result = await environment.run(['sh', '-c', 'printf "%s|" "$1"; hostname', 'sh', 'line one\nline two']);
    expect(result.stdout).toBe(`line one\nline two|${result.stdout.split('|')[1]}`);
    expect(result.stdout).not.toContain(standby.id.slice(0, 12));
    expect((await waitingStandbysOfImage(image.id)).map((each) => each.id)).toEqual([standby.id]);
  });

  it('forwards signals to a command in a standby, which can handle them', async () => {
    const image = await imageForTest('signals');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    const standby = await primeStandby(environment, image);
    const { result, stdout } = await sendTwoInterrupts(environment.manager, environment.handle.context);
    expect(result).toEqual({ exitCode: 0, signal: null });
    expect(stdout).toBe('ready\ninterrupt 1\ninterrupt 2\ndone\n');
    await expectClaimedAndReplaced(standby, image);
  });

  it('stops and removes a standby whose command runs past launchTimeoutSeconds', async () => {
    const image = await imageForTest('timeout');
    // The limit covers the priming launch too, which starts a new container: 1 s was too short for that on a loaded machine.
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: { image_uri: { launchTimeoutSeconds: 5 } } });
    const standby = await primeStandby(environment, image);
    await expect(environment.run(['sleep', '60'])).rejects.toThrow(/ran longer than 5 s; it was stopped and its container removed/);
    await expectClaimedAndReplaced(standby, image);
  });

  it("puts the image's ENTRYPOINT in front of the command, as Docker does", async () => {
    const image = await deriveImage(fixtures.localImage, `${fixtures.prefix}/entrypoint:1`, ['ENTRYPOINT ["/bin/echo", "entry:"]']);
    derivedImages.push(image);
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    expect((await environment.run(['first', 'words'])).stdout).toBe('entry: first words\n');
    expect(await eventually(async () => (await waitingStandbysOfImage(image.id)).some((standby) => standby.state === 'running'))).toBe(true);
    const [standby] = await waitingStandbysOfImage(image.id);
    expect((await environment.run(['second', "it's"])).stdout).toBe("entry: second it's\n");
    await expectClaimedAndReplaced(standby!, image);
  });

  it('falls back for an image without /bin/sh, and remembers it so no standby is tried again', async () => {
    const image = await deriveImage(fixtures.localImage, `${fixtures.prefix}/no-shell:1`, ['RUN ["/bin/rm", "/bin/sh"]']);
    derivedImages.push(image);
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    expect(await environment.run(['echo', 'first'])).toMatchObject({ exitCode: 0, stdout: 'first\n' });
    // docker-init cannot exec the standby's shell: the standby ends with 127.
    expect(await eventually(async () => (await standbysOfImage(image.id)).some((standby) => standby.state === 'exited'))).toBe(true);
    expect(await environment.run(['echo', 'second'])).toMatchObject({ exitCode: 0, stdout: 'second\n' });
    expect(await standbysOfImage(image.id)).toEqual([]);
    // A launch returns only after its standby was created: none now means none was tried.
    expect(await environment.run(['echo', 'third'])).toMatchObject({ exitCode: 0, stdout: 'third\n' });
    expect(await standbysOfImage(image.id)).toEqual([]);
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('removes a standby that ended for want of /bin/sh itself, before the claim answers, whatever a sweep does', async () => {
    const image = await deriveImage(fixtures.localImage, `${fixtures.prefix}/no-shell-claim:1`, ['RUN ["/bin/rm", "/bin/sh"]']);
    derivedImages.push(image);
    const pluginDirectory = mkdtempSync(join(tmpdir(), 'rtenv-standby-shell-less-'));
    try {
      const engine = await new DockerClientProvider().connectForLaunch(containerPluginOptionsSchema.parse({}));
      const operations = engine.client.standby!;
      const key = `shell-less-${image.id}`;
      const logger = { debug() {}, info() {}, warn() {}, error() {} };
      await prepareStandby(engine, operations, { createBody: { Image: image.id, HostConfig: { Init: true } }, key, plugin: 'image_uri', pluginDirectory, logger });
      expect(await eventually(async () => (await standbysOfImage(image.id)).some((standby) => standby.state === 'exited'))).toBe(true);
      // No sweep runs here: what the claim leaves is what a launch would leave if no sweep got to it.
      expect(await claimStandby(engine, operations, key, 600, pluginDirectory)).toEqual({ outcome: 'shell-less' });
      expect(await standbysOfImage(image.id)).toEqual([]);
    } finally {
      rmSync(pluginDirectory, { recursive: true, force: true });
    }
  });

  it('gives 5 concurrent launches of one environment a container each', async () => {
    const image = await imageForTest('concurrent');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    const standby = await primeStandby(environment, image);
    const indexes = [1, 2, 3, 4, 5];
    const results = await Promise.all(indexes.map((index) => environment.run(['sh', '-c', `hostname; sleep 0.3; exit ${index}`])));
    expect(results.map((result) => result.exitCode)).toEqual(indexes);
    const hostnames = results.map((result) => result.stdout.trim());
    expect(new Set(hostnames).size).toBe(5);
    expect(hostnames.filter((name) => name === standby.id.slice(0, 12))).toHaveLength(1);
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('never makes a standby when the option standby is false', async () => {
    const image = await imageForTest('off');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: { image_uri: { standby: false } } });
    for (const word of ['one', 'two']) expect((await environment.run(['echo', word])).stdout).toBe(`${word}\n`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await standbysOfImage(image.id)).toEqual([]);
  });

  it('garbage collection removes the standbys of an image, then the image', async () => {
    const { reference, digest } = await fixtures.publishOnly('standby-gc:1', 'standby-gc');
    const manager = await openTestManager({ plugins });
    const handle = await manager.getOrCreate({ image_uri: reference }, { owner: 'test' });
    const { stdout: imageId } = await runDockerCommand(['image', 'inspect', '--format', '{{.Id}}', `${reference.slice(0, reference.lastIndexOf(':'))}@${digest}`]);
    await manager.launch(handle.context, ['true'], { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
    expect(await eventually(async () => (await waitingStandbysOfImage(imageId.trim())).length === 1)).toBe(true);
    manager.release(handle.id, 'test');
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
    expect(await standbysOfImage(imageId.trim())).toEqual([]);
    expect(await imageExists(imageId.trim())).toBe(false);
  });

  it('removes a claimed standby whose claimer died, and keeps one whose claimer lives', async () => {
    const image = await imageForTest('claimer');
    const dataDirectory = mkdtempSync(join(tmpdir(), 'rtenv-standby-claims-'));
    try {
      const manager = await openTestManager({ plugins, dataDirectory });
      const handle = await manager.getOrCreate({ image_uri: image.name }, { owner: 'test' });
      const run = (command: string[]) => manager.launch(handle.context, command, { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
      await run(['true']);
      expect(await eventually(async () => (await waitingStandbysOfImage(image.id)).length === 1)).toBe(true);
      // Claim the standby by hand as a launch does, once for a process that is gone and once for this one.
      const claimsDirectory = join(pluginDirectoryOf(dataDirectory, 'image_uri'), 'standby-claims');
      mkdirSync(claimsDirectory, { recursive: true });
      const [abandoned] = await waitingStandbysOfImage(image.id);
      writeFileSync(join(claimsDirectory, `${abandoned!.id}.2147483646`), '');
      await runDockerCommand(['rename', abandoned!.name, `rtenv-claimed-${abandoned!.id.slice(0, 16)}`]);
      await run(['true']);
      expect(await eventually(async () => (await waitingStandbysOfImage(image.id)).length === 1)).toBe(true);
      const [kept] = await waitingStandbysOfImage(image.id);
      writeFileSync(join(claimsDirectory, `${kept!.id}.${process.pid}`), '');
      await runDockerCommand(['rename', kept!.name, `rtenv-claimed-${kept!.id.slice(0, 16)}`]);
      await run(['true']);
      const left = (await standbysOfImage(image.id)).map((each) => each.id);
      expect(left).not.toContain(abandoned!.id);
      expect(left).toContain(kept!.id);
      await runDockerCommand(['rm', '--force', kept!.id]);
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  });

  it('removes standbys idle longer than standbyIdleSeconds, and does not run commands in them', async () => {
    const image = await imageForTest('idle');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: { image_uri: { standbyIdleSeconds: 1 } } });
    const standby = await primeStandby(environment, image);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await environment.run(['hostname']);
    expect(result.stdout).not.toBe(`${standby.id.slice(0, 12)}\n`);
    const left = await standbysOfImage(image.id);
    expect(left.map((each) => each.id)).not.toContain(standby.id);
    expect(left).toHaveLength(1);
  });
});
