import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { workingDirPlugin } from '@runtime-env/plugin-working-dir';
import { runDockerCommand } from '@runtime-env/testkit';
import { openTestManager, runPluginThroughCore } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerPlugins, dockerRunArgumentsFor } from '../src/index.js';
import { collectOutput } from './collect-output.js';
import { setUpDockerFixtures, type DockerFixtures } from './docker-fixtures.js';
import { sendTwoInterrupts } from './two-interrupts.js';
import { startEngineProxy } from './engine-proxy.js';

let fixtures: DockerFixtures;
const [imageUriPlugin, containerPlugin] = createContainerPlugins();
const plugins = [imageUriPlugin, containerPlugin, envVarsPlugin, workingDirPlugin];

beforeAll(async () => {
  fixtures = await setUpDockerFixtures();
});
afterAll(async () => {
  await fixtures?.dispose();
});

describe('launching in a container (real Docker Engine, through the core)', () => {
  it('streams stdout and stderr separately and returns the exit code', async () => {
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name });
    const result = await environment.run(['sh', '-c', 'echo to-stdout; echo to-stderr >&2; cat /marker; exit 3']);
    expect(result).toMatchObject({ exitCode: 3, signal: null, stdout: 'to-stdout\nlocal', stderr: 'to-stderr\n' });
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('sets env_vars (expanded against the launching process) and runs as the caller', async () => {
    const environment = await runPluginThroughCore(plugins, {
      image_uri: fixtures.localImage.name,
      env_vars: { GREETING: 'hello', FROM_HOST: 'home=${HOME}' },
    });
    const result = await environment.run(['sh', '-c', 'echo "$GREETING $FROM_HOST"; id -u; id -g']);
    expect(result.stdout).toBe(`hello home=${process.env.HOME ?? ''}\n${process.getuid?.()}\n${process.getgid?.()}\n`);
  });

  it('forwards stdin and closes it at its end', async () => {
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name });
    const result = await environment.run(['sh', '-c', 'cat; echo "[eof]"'], { input: 'line one\nline two\n' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'line one\nline two\n[eof]\n' });
  });

  it('mounts working_dir read-only and uses it as the working directory', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rtenv-container-working-dir-'));
    writeFileSync(join(folder, 'hello.txt'), 'from the working dir\n');
    try {
      const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name, working_dir: folder });
      const result = await environment.run(['sh', '-c', 'pwd; cat hello.txt; touch written 2>/dev/null && echo writable || echo read-only']);
      expect(environment.handle.context.workingDirectory).toBeDefined();
      expect(result.stdout).toBe(`${environment.handle.context.workingDirectory}\nfrom the working dir\nread-only\n`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('applies run_options (env, workdir, user) from the container field', async () => {
    const environment = await runPluginThroughCore(plugins, {
      container: { image: fixtures.localImage.name, run_options: ['-e', 'OPTION=set', '--workdir', '/tmp', '--user', '65534:65534', '--memory', '64m'] },
    });
    const result = await environment.run([
      'sh',
      '-c',
      'echo "$OPTION $(pwd) $(id -u)"; cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max',
    ]);
    expect(result.stdout).toBe(`set /tmp 65534\n${64 * 1024 * 1024}\n`);
  });

  it('runs several launches in one environment at once', async () => {
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name });
    const results = await Promise.all([1, 2, 3, 4].map((index) => environment.run(['sh', '-c', `sleep 0.3; echo run-${index}; exit ${index}`])));
    expect(results.map((result) => [result.stdout, result.exitCode])).toEqual([1, 2, 3, 4].map((index) => [`run-${index}\n`, index]));
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('forwards the abort signal to the command, which can handle it', async () => {
    const manager = await openTestManager({ plugins });
    const handle = await manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' });
    const stdout = collectOutput();
    const controller = new AbortController();
    const launched = manager.launch(handle.context, ['sh', '-c', 'trap "echo got-TERM; exit 7" TERM; echo ready; while true; do sleep 0.1; done'], {
      stdin: 'ignore',
      stdout: stdout.stream,
      stderr: new PassThrough(),
      signal: controller.signal,
    });
    await stdout.waitFor('ready');
    controller.abort('SIGTERM');
    expect(await launched).toEqual({ exitCode: 7, signal: null });
    expect(stdout.text()).toBe('ready\ngot-TERM\n');
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('delivers each signal sent through the launch control, as a terminal would', async () => {
    const manager = await openTestManager({ plugins });
    const handle = await manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' });
    const { result, stdout } = await sendTwoInterrupts(manager, handle.context);
    expect(result).toEqual({ exitCode: 0, signal: null });
    expect(stdout).toBe('ready\ninterrupt 1\ninterrupt 2\ndone\n');
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('reports the signal when it ended the command', async () => {
    const manager = await openTestManager({ plugins });
    const handle = await manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' });
    const stdout = collectOutput();
    const controller = new AbortController();
    const launched = manager.launch(handle.context, ['sh', '-c', 'echo ready; sleep 60'], {
      stdin: 'ignore',
      stdout: stdout.stream,
      stderr: new PassThrough(),
      signal: controller.signal,
    });
    await stdout.waitFor('ready');
    controller.abort('SIGINT');
    expect(await launched).toEqual({ exitCode: null, signal: 'SIGINT' });
  });

  it('stops and removes a container that runs past launchTimeoutSeconds, with a clear error', async () => {
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name }, { options: { image_uri: { launchTimeoutSeconds: 1 } } });
    await expect(environment.run(['sleep', '60'])).rejects.toThrow(
      /plugin "image_uri" failed in launch: the command in image ".*busybox:local" ran longer than 1 s; it was stopped and its container removed/,
    );
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('removes containers a dead launcher left behind', async () => {
    const { stdout } = await runDockerCommand([
      'create',
      '--label',
      'io.runtime-env.plugin=image_uri',
      '--label',
      'io.runtime-env.launcher-pid=2147483646',
      '--label',
      `io.runtime-env.launcher-host=${hostname()}`,
      fixtures.localImage.name,
      'true',
    ]);
    const orphan = stdout.trim();
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name });
    await environment.run(['true']);
    await expect(runDockerCommand(['inspect', orphan])).rejects.toThrow(/No such object/);
  });

  it('gives clients an equivalent docker run command line', async () => {
    const environment = await runPluginThroughCore(plugins, { image_uri: fixtures.localImage.name, env_vars: { SECRET_TOKEN: 'not-in-argv' } });
    const command = dockerRunArgumentsFor(environment.handle.context, ['sh', '-c', 'echo $SECRET_TOKEN; cat /marker']);
    expect(command.arguments.join(' ')).not.toContain('not-in-argv');
    const output = await new Promise<string>((resolve, reject) => {
      execFile('docker', command.arguments, { env: { ...process.env, ...command.environment } }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect(output).toBe(`not-in-argv\nlocal`);
    const throughPlugin = await environment.run(['sh', '-c', 'echo $SECRET_TOKEN; cat /marker']);
    expect(throughPlugin.stdout).toBe(output);
  });

  it('launches through an injected dockerode client too (the light client is for the plain socket only)', async () => {
    const { default: Docker } = await import('dockerode');
    const injected = createContainerPlugins({ dockerClient: new Docker({ socketPath: '/var/run/docker.sock' }) });
    const environment = await runPluginThroughCore([...injected, envVarsPlugin], { image_uri: fixtures.localImage.name });
    const result = await environment.run(['sh', '-c', 'cat; echo to-stderr >&2; exit 4'], { input: 'through dockerode\n' });
    expect(result).toMatchObject({ exitCode: 4, stdout: 'through dockerode\n', stderr: 'to-stderr\n' });
    expect(await fixtures.containersLeft()).toEqual([]);
  });

  it('says clearly when the engine vanishes mid-run, and removes the container once it is back', async () => {
    const socket = join(tmpdir(), `rtenv-engine-proxy-${process.pid}.sock`);
    let proxy = await startEngineProxy(socket);
    const manager = await openTestManager({ plugins, options: { image_uri: { engine: `unix://${socket}` } } });
    const handle = await manager.getOrCreate({ image_uri: fixtures.localImage.name }, { owner: 'test' });
    const stdout = collectOutput();
    const launched = manager.launch(handle.context, ['sh', '-c', 'echo ready; sleep 60'], {
      stdin: 'ignore',
      stdout: stdout.stream,
      stderr: new PassThrough(),
    });
    const failure = launched.then(
      () => new Error('the launch should have failed'),
      (error: Error) => error,
    );
    await stdout.waitFor('ready');
    await proxy.cut();
    expect((await failure).message).toMatch(
      new RegExp(
        `the container engine at unix://${socket} did not answer while (starting the container|waiting for the container to end) \\(ECONNRESET\\)[\\s\\S]*hint: start it`,
      ),
    );
    expect(await fixtures.containersLeft()).toHaveLength(1);

    proxy = await startEngineProxy(socket);
    try {
      await manager.launch(handle.context, ['true'], { stdin: 'ignore', stdout: new PassThrough(), stderr: new PassThrough() });
      expect(await fixtures.containersLeft()).toEqual([]);
    } finally {
      await proxy.cut();
      rmSync(socket, { force: true });
    }
  });
});
