import { emptyLaunchContext, type LaunchContext } from '@runtime-env/core/plugin';
import { describe, expect, it } from 'vitest';
import type { ContainerLaunchData } from '../src/launch/container-launch-data.js';
import { dockerRunArgumentsFor } from '../src/launch/docker-run-arguments.js';
import { engineCreateRequest } from '../src/launch/engine-create-request.js';
import { planContainerRun } from '../src/launch/container-run-plan.js';

function contextWith(data: Partial<ContainerLaunchData>): LaunchContext {
  const context = emptyLaunchContext();
  context.launcher = 'image_uri';
  context.workingDirectory = '/data/working_dir/abc';
  context.envVars = { TOKEN: 's3cret', GREETING: 'hi ${USER_NAME}' };
  context.pathPrepends = { PYTHONPATH: ['/data/py_modules/m1'], PATH: ['/opt/tools/bin'] };
  context.pluginData.image_uri = {
    image: `sha256:${'c'.repeat(64)}`,
    imageName: 'app:1',
    runOptions: ['--cpus=2', '--env=EXTRA=1'],
    mounts: [
      { source: '/data/py_modules/m1', target: '/data/py_modules/m1', readOnly: true },
      { source: '/data/working_dir/abc', target: '/data/working_dir/abc', readOnly: true },
    ],
    imageEnvironment: { PATH: '/usr/bin:/bin' },
    init: true,
    matchCallerUser: true,
    defaultNetwork: null,
    ...data,
  };
  return context;
}

describe('the docker run equivalent of a launch context', () => {
  it('names variables without their values and gives the values separately', () => {
    const command = dockerRunArgumentsFor(contextWith({}), ['sh', '-c', 'pwd'], {
      hostEnvironment: { USER_NAME: 'ada' },
      callerUser: '1000:1000',
      interactive: true,
    });
    expect(command.arguments).toEqual([
      'run',
      '--rm',
      '--interactive',
      '--init',
      '--env',
      'TOKEN',
      '--env',
      'GREETING',
      '--env',
      'PYTHONPATH',
      '--env',
      'PATH',
      '--env',
      'EXTRA',
      '--workdir',
      '/data/working_dir/abc',
      '--user',
      '1000:1000',
      '--volume',
      '/data/py_modules/m1:/data/py_modules/m1:ro',
      '--volume',
      '/data/working_dir/abc:/data/working_dir/abc:ro',
      '--cpus=2',
      `sha256:${'c'.repeat(64)}`,
      'sh',
      '-c',
      'pwd',
    ]);
    expect(command.arguments.join(' ')).not.toContain('s3cret');
    expect(command.environment).toEqual({
      TOKEN: 's3cret',
      GREETING: 'hi ada',
      PYTHONPATH: '/data/py_modules/m1',
      PATH: '/opt/tools/bin:/usr/bin:/bin',
      EXTRA: '1',
    });
  });

  it('lets run options win over the context and the caller', () => {
    const plan = planContainerRun(contextWith({ runOptions: ['--workdir=/elsewhere', '--user=nobody', '--network=none', '--env=TOKEN=override'] }), ['true'], {
      hostEnvironment: {},
    });
    expect(plan).toMatchObject({ workingDirectory: '/elsewhere', user: 'nobody', network: 'none' });
    expect(plan.environment.TOKEN).toBe('override');
  });

  it('runs the image default command when none is given', () => {
    expect(planContainerRun(contextWith({}), [], { hostEnvironment: {} }).command).toEqual([]);
  });

  it('gives the Engine the same plan', () => {
    const plan = planContainerRun(contextWith({ defaultNetwork: 'bridge', matchCallerUser: false }), ['echo', 'x'], { hostEnvironment: {} });
    const request = engineCreateRequest(plan, { label: 'value' });
    expect(request).toMatchObject({
      Cmd: ['echo', 'x'],
      WorkingDir: '/data/working_dir/abc',
      HostConfig: {
        Init: true,
        NetworkMode: 'bridge',
        NanoCpus: 2e9,
        Binds: ['/data/py_modules/m1:/data/py_modules/m1:ro', '/data/working_dir/abc:/data/working_dir/abc:ro'],
      },
    });
    expect(request.User).toBeUndefined();
    expect(request.Env).toContain('EXTRA=1');
  });

  it('explains a context that was not made by the plugin', () => {
    const context = emptyLaunchContext();
    context.launcher = 'image_uri';
    expect(() => dockerRunArgumentsFor(context, ['true'])).toThrow(/no container settings under pluginData\["image_uri"\]/);
  });
});
