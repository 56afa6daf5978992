import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunProcessOptions, RunProcessResult } from '../contract/run-process.js';
import { terminateProcessGroup } from './process-group.js';

/** Lines of output kept for `outputTail`. */
const OUTPUT_TAIL_LINES = 20;
/**
 * After the child exits, how long to wait for its pipes to close. A grandchild that
 * kept them open would otherwise hold the plugin forever.
 */
const PIPE_DRAIN_MS = 200;

/** What a host of `ctx.runProcess` adds around the child. */
export interface CapturedProcessHost {
  /** Fires on timeout or cancellation; the child's whole process group is killed. */
  signal: AbortSignal;
  /**
   * Where each output line goes first (a setup log, a logger), with the call's
   * extra secrets to mask; returns the line as masked, which is what `outputTail` keeps.
   */
  recordLine(line: string, stream: 'stdout' | 'stderr', secrets: readonly string[]): string;
  /** Entries added to the child's environment. */
  extraEnvironment?: Record<string, string>;
  /**
   * Called with the child as soon as it is spawned (to register its group or watch
   * it); the function returned, if any, is called once the call has settled.
   */
  onSpawn?: (child: ChildProcess) => (() => void) | undefined;
}

/**
 * The one implementation of `ctx.runProcess`'s promise, shared by its hosts (the
 * core and the testkit's harness): the child leads its own process group, the
 * whole group is killed when `host.signal` fires and the call settles only once
 * no member runs, and a call made after the signal fired rejects with its reason.
 */
export function runCapturedProcess(file: string, args: readonly string[], options: RunProcessOptions, host: CapturedProcessHost): Promise<RunProcessResult> {
  return new Promise((resolve, reject) => {
    if (host.signal.aborted) {
      reject(host.signal.reason);
      return;
    }
    const secrets = options.secrets ?? [];
    const tail: string[] = [];
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ...host.extraEnvironment },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const afterSettled = host.onSpawn?.(child);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      afterSettled?.();
    };
    // Set once the signal fired: the call is answered only after the whole group has gone.
    let terminated: Promise<unknown> = Promise.resolve();
    const stop = (): void => {
      // A group that cannot be signalled (EPERM) must not leave the call unanswered.
      terminated = terminateProcessGroup(child).catch(() => false);
    };
    host.signal.addEventListener('abort', stop, { once: true });

    let openStreams = 2;
    let exit: { exitCode: number | null; signal: string | null } | undefined;
    let settled = false;
    const finish = (): void => {
      if (settled || !exit) return;
      settled = true;
      host.signal.removeEventListener('abort', stop);
      const result = { ...exit, outputTail: [...tail] };
      void terminated.finally(() => {
        release();
        resolve(result);
      });
    };
    for (const [stream, name] of [
      [child.stdout, 'stdout'],
      [child.stderr, 'stderr'],
    ] as const) {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => {
        tail.push(host.recordLine(line, name, secrets));
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
        options.onLine?.(line, name);
      });
      lines.once('close', () => {
        openStreams -= 1;
        if (openStreams === 0) finish();
      });
    }
    child.once('error', (error) => {
      release();
      if (settled) return;
      settled = true;
      host.signal.removeEventListener('abort', stop);
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
