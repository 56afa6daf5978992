// `rtenv run` with a `conda` field, as a user runs it: the built binary with the
// first-party plugins it loads by default, a conda channel the test builds and
// serves on loopback, and the embedded solver and installer (no conda binary can
// be installed on these machines). The channel's `python` borrows the machine's
// interpreter (see the test kit's pythonShimPackage); everything else is real.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  SAMPLE_GREETING,
  buildCondaChannel,
  ensureCondaChannelBuildTools,
  sampleCondaPackages,
  serveCondaChannel,
  type ServedCondaChannel,
} from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, runRtenv, type RtenvResult } from './support/rtenv-process.js';

let workDirectory: string;
let channel: ServedCondaChannel;

function rtenv(args: readonly string[]): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' } });
}

beforeAll(async () => {
  assertRtenvBuilt();
  ensureCondaChannelBuildTools();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-conda-'));
  await buildCondaChannel(path.join(workDirectory, 'channel'), await sampleCondaPackages());
  channel = await serveCondaChannel(path.join(workDirectory, 'channel'));
});
afterAll(async () => {
  await channel?.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

const document = () => JSON.stringify({ conda: { channels: [channel.url], dependencies: ['python', 'greet-py', 'hello-binary'] } });

describe('rtenv run with conda', () => {
  it('runs python from the new prefix, with the prefix activated', async () => {
    const script =
      'import os, subprocess, sys; print(sys.prefix == os.environ["CONDA_PREFIX"]); print(subprocess.run(["hello-binary"], capture_output=True, text=True).stdout.splitlines()[0])';
    const result = await rtenv(['run', '--runtime-env', document(), '--', 'python', '-c', script]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`True\n${SAMPLE_GREETING}\n`);
    expect(result.stderr).toMatch(/conda: (resolving|downloading|linking)/);
  });

  it('reuses the environment on the next run and runs the noarch entry point', async () => {
    const result = await rtenv(['run', '--runtime-env', document(), '--', 'greet-py']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(SAMPLE_GREETING);
    expect(result.stderr).not.toMatch(/conda: downloading/);
  });

  it('takes no directory named conda on PATH for a conda executable', async () => {
    const shadowing = path.join(workDirectory, 'shadowing-bin');
    mkdirSync(path.join(shadowing, 'conda'), { recursive: true });
    const env = {
      ...process.env,
      PATH: `${shadowing}${path.delimiter}${process.env.PATH ?? ''}`,
      RTENV_DATA_DIR: path.join(workDirectory, 'data-shadowed'),
      RTENV_CONFIG: '',
    };
    const result = await runRtenv(['run', '--runtime-env', document(), '--', 'greet-py'], { cwd: workDirectory, env });
    expect(result.stderr).not.toContain('EACCES');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(SAMPLE_GREETING);
  });

  it('prints the lock as a conda explicit file', async () => {
    const { id } = JSON.parse((await rtenv(['hash', '--json', '-e', document()])).stdout) as { id: string };
    const result = await rtenv(['lock', id]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('@EXPLICIT');
    expect(result.stdout).toMatch(new RegExp(`${channel.url}/noarch/greet-py-2\\.0-h0_0\\.conda#sha256:[0-9a-f]{64}`));
  });

  it('fails an unsatisfiable environment with the conflict and a non-zero exit', async () => {
    const bad = JSON.stringify({ conda: { channels: [channel.url], dependencies: ['greet-py', 'python <3'] } });
    const result = await rtenv(['run', '--runtime-env', bad, '--', 'python', '-c', 'print(1)']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cannot be satisfied');
    expect(result.stderr).toContain('python <3');
  });
});
