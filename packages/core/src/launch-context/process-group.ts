import type { ChildProcess } from 'node:child_process';

/** How long a process group gets between SIGTERM and SIGKILL. */
export const TERMINATION_GRACE_MS = 2_000;

/**
 * Signals the whole process group a detached child leads, so grandchildren
 * (`sh -c 'sleep 100 & ...'`) go too. ESRCH means the group is already gone.
 */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * SIGTERM (or `firstSignal`) to the group now and SIGKILL after the grace period unless the group
 * leader has exited by then; members left behind by a leader that exited on
 * SIGTERM are killed too, since they share the group id.
 */
export function terminateProcessGroup(child: ChildProcess, graceMs = TERMINATION_GRACE_MS, firstSignal: NodeJS.Signals = 'SIGTERM'): void {
  signalProcessGroup(child, firstSignal);
  const killer = setTimeout(() => signalProcessGroup(child, 'SIGKILL'), graceMs);
  killer.unref();
  child.once('exit', () => {
    // Members of the group that ignored SIGTERM outlive the leader: finish them.
    setTimeout(() => signalProcessGroup(child, 'SIGKILL'), 50).unref();
    clearTimeout(killer);
  });
}
