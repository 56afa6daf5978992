import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Kills the group when its stdin reaches end of file without "done": the kernel
 * closes the pipe when the creator dies, even by SIGKILL. Signals a terminal or a
 * caller sends the creator's group must not end the watchdog before it acts.
 */
const WATCHDOG_SCRIPT = 'trap "" INT TERM HUP; read -r line; [ "$line" = done ] || kill -s KILL -- "-$1" 2>/dev/null; exit 0';

export interface SetupProcessWatchdog {
  /** The creator is done with the group: the watchdog exits without killing. */
  release(): void;
}

/**
 * Watches a setup process group for the death of this process. A parent-death
 * signal (`PR_SET_PDEATHSIG`, `setpriv --pdeathsig`) would reach the direct child
 * only; pip's build backends and their compilers are grandchildren, so a small
 * shell in its own group, holding a pipe from this process, kills the whole group.
 */
export function watchSetupProcessGroup(child: ChildProcess): SetupProcessWatchdog {
  if (child.pid === undefined) return { release: () => {} };
  const watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'rtenv-setup-watchdog', String(child.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.once('error', () => {
    // Without sh there is no watchdog; startup recovery still finds the orphans by their marker.
  });
  watchdog.stdin?.on('error', () => {});
  // The watchdog must never keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as Socket | null)?.unref();
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      watchdog.stdin?.end('done\n');
    },
  };
}
