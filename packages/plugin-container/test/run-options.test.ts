import { describe, expect, it } from 'vitest';
import { hostConfigFromRunOptions } from '../src/run-options/engine-host-config.js';
import { formatRunOption, parseRunOptions } from '../src/run-options/parse-run-options.js';

const canonical = (words: string[]) => parseRunOptions(words).options.map(formatRunOption);

describe('parseRunOptions', () => {
  it('reads separate, inline and short forms into one canonical word each', () => {
    expect(canonical(['-v', '/data:/data:ro', '--cpus=1.5', '-eNAME=1', '-e=OTHER=2', '--memory', '512m', '-w', '/work', '--privileged'])).toEqual([
      '--volume=/data:/data:ro',
      '--cpus=1.5',
      '--env=NAME=1',
      '--env=OTHER=2',
      '--memory=512m',
      '--workdir=/work',
      '--privileged',
    ]);
  });

  it('is idempotent: canonical words parse to themselves', () => {
    const once = canonical(['--gpus', 'device=0,1', '--ulimit', 'nofile=1024:2048', '--cap-add', 'NET_ADMIN', '--device', '/dev/fuse']);
    expect(canonical(once)).toEqual(once);
  });

  it('drops --privileged=false', () => {
    expect(canonical(['--privileged=false'])).toEqual([]);
  });

  it('refuses an unsupported option and lists the supported ones', () => {
    const { problems } = parseRunOptions(['--cpus', '2', '--rm', '--mount', 'type=bind']);
    expect(problems.map((problem) => problem.index)).toEqual([2, 3]);
    expect(problems[0]?.message).toMatch(/"--rm" is not supported; supported options: -v\/--volume, -e\/--env, --gpus, --cpus/);
  });

  it('names the option and what it expects for a bad value', () => {
    const { problems } = parseRunOptions(['--memory', 'lots', '--ulimit', 'files=3', '-v', 'relative', '--cpus']);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/"--memory" expects a size such as 512m/),
      expect.stringMatching(/"--ulimit" has an unknown limit "files"/),
      expect.stringMatching(/"--volume" expects SOURCE:\/container\/path/),
      '"--cpus" needs a value',
    ]);
  });

  it('never repeats an --env value in a message', () => {
    const { problems } = parseRunOptions(['--env', '=hunter2-secret']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).not.toContain('hunter2');
  });

  it('refuses a word that is not an option', () => {
    expect(parseRunOptions(['busybox']).problems[0]?.message).toMatch(/expected an option starting with "-"/);
  });
});

describe('hostConfigFromRunOptions', () => {
  it('maps resources and isolation onto the Engine API as the docker CLI does', () => {
    const { options } = parseRunOptions([
      '-v',
      '/a:/b:ro',
      '--gpus',
      'all',
      '--cpus',
      '0.5',
      '--memory',
      '1g',
      '--shm-size',
      '64m',
      '--ipc',
      'host',
      '--pid',
      'host',
      '--cap-add',
      'net_admin',
      '--cap-drop',
      'ALL',
      '--device',
      '/dev/fuse:/dev/fuse:rw',
      '--ulimit',
      'nofile=1024:2048',
      '--privileged',
    ]);
    expect(hostConfigFromRunOptions(options)).toEqual({
      Binds: ['/a:/b:ro'],
      DeviceRequests: [{ Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }],
      NanoCpus: 500_000_000,
      Memory: 1024 ** 3,
      ShmSize: 64 * 1024 ** 2,
      IpcMode: 'host',
      PidMode: 'host',
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['ALL'],
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rw' }],
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Privileged: true,
    });
  });

  it('reads --gpus device lists and counts', () => {
    const { options } = parseRunOptions(['--gpus', 'device=0,2', '--gpus', '2']);
    expect(hostConfigFromRunOptions(options).DeviceRequests).toEqual([
      expect.objectContaining({ DeviceIDs: ['0', '2'], Count: 0 }),
      expect.objectContaining({ Count: 2, DeviceIDs: [] }),
    ]);
  });
});
