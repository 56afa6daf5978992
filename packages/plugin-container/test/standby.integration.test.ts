import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { workingDirPlugin } from '@runtime-env/plugin-working-dir';
import { removeImages, runDockerCommand, type LocalImage } from '@runtime-env/testkit';
import { openTestManager, runPluginThroughCore, type PluginRun } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerPlugins } from '../src/index.js';
import { imageExists, setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';
import { deriveImage, eventually, oneRunningStandby, pluginContainersOfImage, standbysOfImage, type ListedStandby } from './standby-support.js';
import { sendTwoInterrupts } from './two-interrupts.js';

let fixtures: DockerFixtures;
const derivedImages: LocalImage[] = [];
const plugins = [...createContainerPlugins(), envVarsPlugin, workingDirPlugin];
/** What `rtenv agent` sets; every engine a test opens is closed after it (the test kit's clean-up), which removes its standbys. */
const inProcess = { image_uri: { standby: 'in-process' } };

beforeAll(async () => {
  fixtures = await setUpDockerFixtures();
});
afterAll(async () => {
  const left = [...(await fixtures.standbysLeft()).map((standby) => standby.id), ...(await fixtures.containersLeft())];
  for (const image of derivedImages) left.push(...(await standbysOfImage(image.id)).map((standby) => standby.id));
  for (const id of left) await runDockerCommand(['rm', '--force', id]).catch(() => undefined);
  await removeImages(derivedImages.flatMap((image) => [image.name, image.id]));
  await fixtures?.dispose();
  // Every test closes its engine, which removes its standbys: none may be left for this clean-up to find.
  expect(left).toEqual([]);
});

/** A fresh image, so the standbys counted are this test's alone. */
async function imageForTest(tag: string): Promise<LocalImage> {
  return fixtures.buildImage(tag, tag);
}

/** Runs once so the pool starts a standby, and waits until it runs: the next launch of the same plan should claim it. */
async function primeStandby(environment: PluginRun, image: LocalImage): Promise<ListedStandby> {
  await environment.run(['true']);
  return oneRunningStandby(image.id);
}

/** The standby is gone (claimed, then removed) and the pool started a new one for the next launch. */
async function expectClaimedAndReplaced(standby: ListedStandby, image: LocalImage): Promise<void> {
  const next = await oneRunningStandby(image.id);
  expect(next.id).not.toBe(standby.id);
  expect(await fixtures.containersLeft()).toEqual([]);
}

describe('the in-process standby pool (real Docker Engine)', () => {
  it('runs a second launch of the same plan in the standby the first one left, and leaves a new one', async () => {
    const image = await imageForTest('claim');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
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
      const withStandby = await runPluginThroughCore(plugins, document, { options: inProcess });
      const without = await runPluginThroughCore(plugins, document);
      const standby = await primeStandby(withStandby, image);
      const command = ['sh', '-c', 'echo "$GREETING"; pwd; cat hello.txt; cat; echo "[eof]"; echo to-stderr >&2; id -u; exit 3'];
      const input = 'line one\nline two\n';
      const throughStandby = await withStandby.run(command, { input });
      await expectClaimedAndReplaced(standby, image);
      const expected = {
        exitCode: 3,
        signal: null,
        stdout: `hello there\n${withStandby.handle.context.workingDirectory}\nfrom the working dir\nline one\nline two\n[eof]\n${process.getuid?.()}\n`,
        stderr: 'to-stderr\n',
      };
      expect(throughStandby).toEqual(expected);
      expect(await without.run(command, { input })).toEqual({
        ...expected,
        stdout: expected.stdout.replace(withStandby.handle.context.workingDirectory ?? '', without.handle.context.workingDirectory ?? ''),
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('passes arguments with spaces, quotes, $, * and backslashes verbatim', async () => {
    const image = await imageForTest('words');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    const standby = await primeStandby(environment, image);
    const words = ['two words', "it's", '"double"', '$HOME', '*', 'back\\slash', '', '  leading', "'; exit 9; '"];
    const result = await environment.run(['printf', '[%s]\\n', ...words]);
    expect(result).toMatchObject({ exitCode: 0, stdout: words.map((word) => `[${word}]\n`).join('') });
    await expectClaimedAndReplaced(standby, image);
  });

  it('falls back to a new container for an argument with a newline, and keeps the standby', async () => {
    const image = await imageForTest('newline');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    const standby = await primeStandby(environment, image);
    const result = await environment.run(['sh', '-c', 'printf "%s|" "$1"; hostname', 'sh', 'line one\nline two']);
    expect(result.stdout).toBe(`line one\nline two|${result.stdout.split('|')[1]}`);
    expect(result.stdout).not.toContain(standby.id.slice(0, 12));
    expect((await standbysOfImage(image.id)).map((each) => each.id)).toEqual([standby.id]);
  });

  it('forwards signals to a command in a standby, which can handle them', async () => {
    const image = await imageForTest('signals');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    const standby = await primeStandby(environment, image);
    const { result, stdout } = await sendTwoInterrupts(environment.manager, environment.handle.context);
    expect(result).toEqual({ exitCode: 0, signal: null });
    expect(stdout).toBe('ready\ninterrupt 1\ninterrupt 2\ndone\n');
    await expectClaimedAndReplaced(standby, image);
  });

  it('stops and removes a standby whose command runs past launchTimeoutSeconds', async () => {
    const image = await imageForTest('timeout');
    // The limit covers the priming launch too, which starts a new container: 1 s was too short for that on a loaded machine.
    const environment = await runPluginThroughCore(
      plugins,
      { image_uri: image.name },
      { options: { image_uri: { ...inProcess.image_uri, launchTimeoutSeconds: 5 } } },
    );
    const standby = await primeStandby(environment, image);
    await expect(environment.run(['sleep', '60'])).rejects.toThrow(/ran longer than 5 s; it was stopped and its container removed/);
    await expectClaimedAndReplaced(standby, image);
  });

  it("puts the image's ENTRYPOINT in front of the command, as Docker does", async () => {
    const image = await deriveImage(fixtures.localImage, `${fixtures.prefix}/entrypoint:1`, ['ENTRYPOINT ["/bin/echo", "entry:"]']);
    derivedImages.push(image);
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    expect((await environment.run(['first', 'words'])).stdout).toBe('entry: first words\n');
    const standby = await oneRunningStandby(image.id);
    expect((await environment.run(['second', "it's"])).stdout).toBe("entry: second it's\n");
    await expectClaimedAndReplaced(standby, image);
  });

  it('falls back for an image without /bin/sh, removes the standby that could not start, and tries no other', async () => {
    const image = await deriveImage(fixtures.localImage, `${fixtures.prefix}/no-shell:1`, ['RUN ["/bin/rm", "/bin/sh"]']);
    derivedImages.push(image);
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    expect(await environment.run(['echo', 'first'])).toMatchObject({ exitCode: 0, stdout: 'first\n' });
    // docker-init cannot exec the standby's shell: it ends with 127, and the pool removes it.
    expect(await eventually(async () => (await standbysOfImage(image.id)).length === 0)).toBe(true);
    for (const word of ['second', 'third']) {
      expect(await environment.run(['echo', word])).toMatchObject({ exitCode: 0, stdout: `${word}\n` });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await standbysOfImage(image.id)).toEqual([]);
    }
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('gives 5 concurrent launches of one environment a container each', async () => {
    const image = await imageForTest('concurrent');
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name }, { options: inProcess });
    const standby = await primeStandby(environment, image);
    const indexes = [1, 2, 3, 4, 5];
    const results = await Promise.all(indexes.map((index) => environment.run(['sh', '-c', `hostname; sleep 0.3; exit ${index}`])));
    expect(results.map((result) => result.exitCode)).toEqual(indexes);
    const hostnames = results.map((result) => result.stdout.trim());
    expect(new Set(hostnames).size).toBe(5);
    expect(hostnames.filter((name) => name === standby.id.slice(0, 12))).toHaveLength(1);
    expect(await fixtures.containersLeft()).toEqual([]);
    // One standby per plan, however many launches wanted one.
    expect((await oneRunningStandby(image.id)).id).not.toBe(standby.id);
  });

  it('without the option (every process but the agent), leaves no container at all after its launches', async () => {
    const image = await imageForTest('off');
    const before = await pluginContainersOfImage(image.id);
    const environment = await runPluginThroughCore(plugins, { image_uri: image.name });
    for (const word of ['one', 'two']) expect((await environment.run(['echo', word])).stdout).toBe(`${word}\n`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(before).toEqual([]);
    expect(await pluginContainersOfImage(image.id)).toEqual([]);
  });

  it('removes a standby that idles past standbyIdleSeconds, with no other launch', async () => {
    const image = await imageForTest('idle');
    const environment = await runPluginThroughCore(
      plugins,
      { image_uri: image.name },
      { options: { image_uri: { ...inProcess.image_uri, standbyIdleSeconds: 2 } } },
    );
    const standby = await primeStandby(environment, image);
    expect((await standbysOfImage(image.id)).map((each) => each.id)).toEqual([standby.id]);
    expect(await eventually(async () => (await standbysOfImage(image.id)).length === 0, 50)).toBe(true);
    expect(await pluginContainersOfImage(image.id)).toEqual([]);
  });

  it('removes every standby when the engine closes, one still starting included', async () => {
    const first = await imageForTest('close-one');
    const second = await imageForTest('close-two');
    const manager = await openTestManager({ plugins, options: inProcess });
    const launch = async (image: LocalImage) => {
      const handle = await manager.getOrCreate({ image_uri: image.name }, { owner: 'test' });
      await manager.launch(handle.context, ['true'], { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
    };
    await launch(first);
    await oneRunningStandby(first.id);
    // Closed right after the launch returned: this standby is still being created or started.
    await launch(second);
    await manager.close();
    expect(await pluginContainersOfImage(first.id)).toEqual([]);
    expect(await pluginContainersOfImage(second.id)).toEqual([]);
  });

  it('removes, when an engine with the option opens, the standbys of a process that died; an engine without it touches nothing', async () => {
    const image = await imageForTest('crashed');
    // What a killed agent leaves: a standby labelled with a pid that no longer runs on this host.
    const labels = [
      'io.runtime-env.plugin=image_uri',
      `io.runtime-env.launcher-host=${hostname()}`,
      'io.runtime-env.launcher-pid=2147483646',
      'io.runtime-env.standby-plan=leftover',
      `io.runtime-env.standby-image=${image.id}`,
    ];
    const { stdout } = await runDockerCommand(['create', ...labels.flatMap((label) => ['--label', label]), image.id, 'sleep', '600']);
    const leftover = stdout.trim();
    await runDockerCommand(['start', leftover]);
    await openTestManager({ plugins });
    expect(await pluginContainersOfImage(image.id)).toEqual([leftover]);
    await openTestManager({ plugins, options: inProcess });
    expect(await pluginContainersOfImage(image.id)).toEqual([]);
  });

  it('garbage collection removes the standbys of an image, then the image', async () => {
    const { reference, digest } = await fixtures.publishOnly('standby-gc:1', 'standby-gc');
    const manager = await openTestManager({ plugins, options: inProcess });
    const handle = await manager.getOrCreate({ image_uri: reference }, { owner: 'test' });
    const { stdout: imageId } = await runDockerCommand([
      'image',
      'inspect',
      '--format',
      '{{.Id}}',
      `${reference.slice(0, reference.lastIndexOf(':'))}@${digest}`,
    ]);
    await manager.launch(handle.context, ['true'], { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
    await oneRunningStandby(imageId.trim());
    manager.release(handle.id, 'test');
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
    expect(await standbysOfImage(imageId.trim())).toEqual([]);
    expect(await imageExists(imageId.trim())).toBe(false);
  });
});
