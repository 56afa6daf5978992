import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import type { LaunchIo, LaunchResult } from '../contract/plugin-contract.js';
import { RuntimeEnvError } from '../errors/runtime-env-error.js';
import { signalProcessGroup, terminateProcessGroup } from '../process/process-group.js';
import { buildChildEnvironment, commandLineOf } from './child-environment.js';
import type { LaunchContext } from './launch-context.js';

const osSignals = constants.signals;

/**
 * Starts `command` in `context` and resolves when it ends. The child leads its own
 * process group so stopping it (through `io.signal`) also stops what it started.
 */
export function launchProcess(context: LaunchContext, command: readonly string[], io: LaunchIo): Promise<LaunchResult> {
  const [file, ...args] = commandLineOf(context, command);
  const stdio: StdioOptions = [
    typeof io.stdin === 'string' ? io.stdin : 'pipe',
    io.stdout === 'inherit' ? 'inherit' : 'pipe',
    io.stderr === 'inherit' ? 'inherit' : 'pipe',
  ];
  return new Promise<LaunchResult>((resolve, reject) => {
    const child = spawn(file!, args, {
      cwd: context.workingDirectory,
      env: buildChildEnvironment(context),
      stdio,
      detached: true,
    });
    if (typeof io.stdin !== 'string' && child.stdin) io.stdin.pipe(child.stdin);
    if (io.stdout !== 'inherit' && child.stdout) child.stdout.pipe(io.stdout, { end: false });
    if (io.stderr !== 'inherit' && child.stderr) child.stderr.pipe(io.stderr, { end: false });

    const stop = (): void => void terminateProcessGroup(child, undefined, signalNamedBy(io.signal?.reason));
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
    if (child.pid !== undefined) io.onStarted?.({ sendSignal: (signal) => signalProcessGroup(child, signal) });

    child.once('error', (error: NodeJS.ErrnoException) => {
      io.signal?.removeEventListener('abort', stop);
      reject(launchErrorOf(error, file!, context));
    });
    child.once('close', (exitCode, signal) => {
      io.signal?.removeEventListener('abort', stop);
      resolve({ exitCode, signal });
    });
  });
}

function launchErrorOf(error: NodeJS.ErrnoException, file: string, context: LaunchContext): RuntimeEnvError {
  const where = context.workingDirectory ? ` in "${context.workingDirectory}"` : '';
  if (error.code === 'ENOENT') {
    return new RuntimeEnvError('command_not_found', `cannot launch "${file}"${where}: no such program or working directory`, {
      cause: error,
      hint: "check the command name, that it is on PATH (including the environment's path prepends), and that the working directory exists",
    });
  }
  return new RuntimeEnvError('launch_failed', `cannot launch "${file}"${where}: ${error.message}`, { cause: error });
}

/** An abort reason such as `'SIGINT'` names the signal to stop with; anything else means SIGTERM. */
export function signalNamedBy(reason: unknown): NodeJS.Signals {
  return typeof reason === 'string' && /^SIG[A-Z0-9]+$/.test(reason) && reason in osSignals ? (reason as NodeJS.Signals) : 'SIGTERM';
}
