import { mkdirSync, realpathSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyLaunchContext, launchProcess, type LaunchContext } from '../src/index.js';
import { temporaryDirectory } from './temporary-directory.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('launchProcess', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory('runtime-env-launch-');
  });

  afterEach(() => directory.remove());

  const run = async (context: LaunchContext, command: string[], signal?: AbortSignal) => {
    const stdout = capture();
    const stderr = capture();
    const result = await launchProcess(context, command, { stdin: 'ignore', stdout: stdout.stream, stderr: stderr.stream, ...(signal ? { signal } : {}) });
    return { ...result, stdout: stdout.text(), stderr: stderr.text() };
  };

  it('returns the exit code, and runs in the working directory', async () => {
    const context = { ...emptyLaunchContext(), workingDirectory: directory.path };
    const result = await run(context, ['sh', '-c', 'pwd; echo oops >&2; exit 7']);
    expect(result).toMatchObject({ exitCode: 7, signal: null, stderr: 'oops\n' });
    expect(result.stdout.trim()).toBe(realpathSync(directory.path));
  });

  it('puts pathPrepends in front of PATH and expands env vars against the launcher', async () => {
    const bin = join(directory.path, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'hello-from-env'), '#!/bin/sh\necho "found $GREETING"\n');
    chmodSync(join(bin, 'hello-from-env'), 0o755);
    const context = emptyLaunchContext();
    context.pathPrepends.PATH = [bin];
    context.envVars.GREETING = 'in ${HOME}';
    const result = await run(context, ['hello-from-env']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `found in ${process.env.HOME}\n` });
  });

  it('replaces python as the first word with the environment interpreter, after commandPrefix', async () => {
    const context: LaunchContext = { ...emptyLaunchContext(), pythonExecutable: '/usr/bin/python3', commandPrefix: ['env', 'MARK=prefixed'] };
    const result = await run(context, ['python', '-c', 'import os, sys; print(sys.executable, os.environ["MARK"])']);
    expect(result).toMatchObject({ exitCode: 0, stdout: '/usr/bin/python3 prefixed\n' });
  });

  it('reports the signal that ended the process, and stops it through io.signal', async () => {
    expect(await run(emptyLaunchContext(), ['sh', '-c', 'kill -TERM $$'])).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect(await run(emptyLaunchContext(), ['sleep', '30'], controller.signal)).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
  });

  it('stops with the signal named by the abort reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 200);
    expect(await run(emptyLaunchContext(), ['sleep', '30'], controller.signal)).toMatchObject({ exitCode: null, signal: 'SIGINT' });
  });

  it('hands the caller a control that delivers each signal, as a terminal would', async () => {
    const stdout = capture();
    // Survives two SIGINTs (like a REPL on Ctrl-C), then exits on its own.
    const script = 'count=0; trap \'count=$((count+1)); echo "interrupt $count"\' INT; echo ready; while [ $count -lt 2 ]; do sleep 0.05; done; echo done';
    const result = await launchProcess(emptyLaunchContext(), ['sh', '-c', script], {
      stdin: 'ignore',
      stdout: stdout.stream,
      stderr: 'inherit',
      onStarted(control) {
        const sendWhenReady = (): void => {
          if (!stdout.text().includes('ready')) return void setTimeout(sendWhenReady, 20);
          control.sendSignal('SIGINT');
          setTimeout(() => control.sendSignal('SIGINT'), 150);
        };
        sendWhenReady();
      },
    });
    expect(result).toMatchObject({ exitCode: 0, signal: null });
    expect(stdout.text()).toBe('ready\ninterrupt 1\ninterrupt 2\ndone\n');
  });

  it('names a command that does not exist', async () => {
    await expect(run(emptyLaunchContext(), ['no-such-program-here'])).rejects.toMatchObject({ code: 'command_not_found' });
  });
});
