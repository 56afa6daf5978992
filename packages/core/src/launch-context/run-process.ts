import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { terminateProcessGroup, type RunProcess, type RunProcessOptions, type RunProcessResult } from '@runtime-env/plugin-api';
import type { SetupProcessGroups } from './setup-process-groups.js';
import { SETUP_CREATOR_VARIABLE } from './setup-process-marker.js';
import { watchSetupProcessGroup } from './setup-process-watchdog.js';

/** Lines of output kept for `outputTail`. */
const OUTPUT_TAIL_LINES = 20;
/**
 * After the child exits, how long to wait for its pipes to close. A grandchild that
 * kept them open would otherwise hold the plugin forever.
 */
const PIPE_DRAIN_MS = 200;

export interface RunProcessSink {
  /** Fires on timeout or cancellation; the child's whole process group is killed. */
  signal: AbortSignal;
  /**
   * Where each output line goes first (the setup log), with the call's extra secrets
   * to mask; returns the line as masked, which is what `outputTail` keeps.
   */
  writeLine(line: string, stream: 'stdout' | 'stderr', secrets: readonly string[]): string;
  /** Every group started is registered here, so the creation can make sure all are gone. */
  processGroups: SetupProcessGroups;
  /** Put in every child's environment, so startup recovery finds the orphans of a creator that died. */
  creatorMarker: string;
}

/** The `ctx.runProcess` a plugin hook gets. */
export function createRunProcess(sink: RunProcessSink): RunProcess {
  return (file, args, options = {}) => runProcess(file, args, options, sink);
}

function runProcess(file: string, args: readonly string[], options: RunProcessOptions, sink: RunProcessSink): Promise<RunProcessResult> {
  return new Promise((resolve, reject) => {
    if (sink.signal.aborted) {
      reject(sink.signal.reason);
      return;
    }
    const secrets = options.secrets ?? [];
    const tail: string[] = [];
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), [SETUP_CREATOR_VARIABLE]: sink.creatorMarker },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    sink.processGroups.add(child);
    const watchdog = watchSetupProcessGroup(child);
    // Set once the signal fired: the call is answered only after the whole group has gone.
    let terminated: Promise<unknown> = Promise.resolve();
    const stop = (): void => {
      // A group that cannot be signalled (EPERM) must not leave the call unanswered.
      terminated = terminateProcessGroup(child).catch(() => false);
    };
    sink.signal.addEventListener('abort', stop, { once: true });

    let openStreams = 2;
    let exit: { exitCode: number | null; signal: string | null } | undefined;
    let settled = false;
    const finish = (): void => {
      if (settled || !exit) return;
      settled = true;
      sink.signal.removeEventListener('abort', stop);
      const result = { ...exit, outputTail: [...tail] };
      void terminated.finally(() => {
        watchdog.release();
        resolve(result);
      });
    };
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => {
        tail.push(sink.writeLine(line, name, secrets));
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
        options.onLine?.(line, name);
      });
      lines.once('close', () => {
        openStreams -= 1;
        if (openStreams === 0) finish();
      });
    }
    child.once('error', (error) => {
      watchdog.release();
      if (settled) return;
      settled = true;
      sink.signal.removeEventListener('abort', stop);
      reject(error);
    });
    child.once('exit', (exitCode, signal) => {
      exit = { exitCode, signal };
      if (openStreams === 0) finish();
      else setTimeout(finish, PIPE_DRAIN_MS).unref();
    });
    child.stdin.on('error', () => {
      // The child may exit without reading its input; that is its business.
    });
    child.stdin.end(options.input ?? '');
  });
}
