import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** How long a process group gets between SIGTERM and SIGKILL. */
export const TERMINATION_GRACE_MS = 2_000;
/**
 * How long SIGKILL may take to empty a group before the wait gives up. Generous:
 * a process in uninterruptible sleep (a slow disk, NFS) dies only when it wakes.
 */
const KILL_WAIT_MS = 30_000;
const GONE_POLL_MS = 25;

/**
 * Signals the whole process group a detached child leads, so grandchildren
 * (`sh -c 'sleep 100 & ...'`) go too. ESRCH means the group is already gone.
 */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) signalGroup(child.pid, signal);
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * SIGTERM (or `firstSignal`) to the group now, SIGKILL once the grace period is
 * over or the leader has exited (members that ignored SIGTERM would otherwise
 * outlive it), and resolves only when no member runs any more, so a caller that
 * exits afterwards leaves nothing behind. Resolves false if the group outlived
 * even the wait after SIGKILL.
 */
export async function terminateProcessGroup(child: ChildProcess, graceMs = TERMINATION_GRACE_MS, firstSignal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const groupId = child.pid;
  if (groupId === undefined) return true;
  signalGroup(groupId, firstSignal);
  const graceEnds = Date.now() + graceMs;
  let killWaitEnds: number | undefined;
  while (!isProcessGroupGone(groupId)) {
    const leaderExited = child.exitCode !== null || child.signalCode !== null;
    if (killWaitEnds === undefined && (leaderExited || Date.now() >= graceEnds)) {
      signalGroup(groupId, 'SIGKILL');
      killWaitEnds = Date.now() + KILL_WAIT_MS;
    }
    if (killWaitEnds !== undefined && Date.now() >= killWaitEnds) return false;
    await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
  return true;
}

/**
 * Whether no live process is left in the group. Zombies do not count: a member
 * reparented to an init that does not reap keeps the group id without running.
 */
export function isProcessGroupGone(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return false;
  }
  return !pids.some((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name (which may hold spaces and parentheses): state, ppid, pgrp.
      const [state, , processGroup] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return state !== 'Z' && Number(processGroup) === groupId;
    } catch {
      return false;
    }
  });
}
