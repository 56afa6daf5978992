import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PluginLogger, RunProcess, RunProcessResult } from '@runtime-env/plugin-api';

const OUTPUT_TAIL_LINES = 20;
/** After the child exits, how long to wait for its pipes to close. */
const PIPE_DRAIN_MS = 200;
/** How long a process group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;

/** The process groups a `runProcess` started, so a check can tell whether any outlived an abort. */
export type ProcessGroupRegistry = Set<number>;

/**
 * The `ctx.runProcess` the suite hands to `create` when it calls hooks directly,
 * behaving as the core's (which it does not export): each child leads its own
 * process group, the whole group is killed when `signal` fires, and a call made
 * after the signal fired rejects with its reason.
 */
export function createRunProcess(signal: AbortSignal, logger: PluginLogger, secrets: readonly string[], registry: ProcessGroupRegistry): RunProcess {
  return (file, args, options = {}) =>
    new Promise<RunProcessResult>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const child = spawn(file, [...args], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const mask = maskerOf([...secrets, ...(options.secrets ?? [])]);
      const tail: string[] = [];
      let openStreams = 2;
      let exit: { exitCode: number | null; signal: string | null } | undefined;
      let settled = false;
      const killGroup = () => terminateGroup(child.pid);
      const finish = () => {
        if (settled || !exit) return;
        settled = true;
        signal.removeEventListener('abort', killGroup);
        resolve({ ...exit, outputTail: [...tail] });
      };
      for (const [stream, name] of [
        [child.stdout, 'stdout'],
        [child.stderr, 'stderr'],
      ] as const) {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (line) => {
          const masked = mask(line);
          logger.debug(masked, { stream: name, process: file });
          tail.push(masked);
          if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
          options.onLine?.(line, name);
        });
        lines.once('close', () => {
          openStreams -= 1;
          if (openStreams === 0) finish();
        });
      }
      child.stdin.on('error', () => {
        // The child may exit without reading its input; that is its business.
      });
      child.stdin.end(options.input);
      if (child.pid !== undefined) registry.add(child.pid);
      signal.addEventListener('abort', killGroup, { once: true });
      child.once('error', (error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', killGroup);
        reject(error);
      });
      child.once('exit', (exitCode, exitSignal) => {
        exit = { exitCode, signal: exitSignal };
        // A grandchild that kept the pipes open must not hold the plugin forever (the core does the same).
        if (openStreams === 0) finish();
        else setTimeout(finish, PIPE_DRAIN_MS).unref();
      });
    });
}

function terminateGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS).unref();
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Whether any process of the group led by `pid` is still running. Zombies do not
 * count: they are dead, waiting for a parent (often a container's PID 1, which
 * may take a second) to reap them.
 */
export function isProcessGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  return readdirSync('/proc').some((entry) => /^\d+$/.test(entry) && isRunningMemberOf(entry, pid));
}

function isRunningMemberOf(processId: string, groupId: number): boolean {
  try {
    const stat = readFileSync(`/proc/${processId}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, pgrp...
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(group) === groupId && state !== 'Z';
  } catch {
    return false;
  }
}

function maskerOf(secrets: readonly string[]): (line: string) => string {
  const meaningful = secrets.filter((secret) => secret.length > 0);
  return (line) => meaningful.reduce((masked, secret) => masked.split(secret).join('***'), line);
}
