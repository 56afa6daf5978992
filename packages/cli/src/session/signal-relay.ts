import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';

const relayedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type RelayedSignal = (typeof relayedSignals)[number];

/**
 * Catches SIGINT/SIGTERM/SIGHUP for `rtenv run`. While the environment is being
 * created, a signal cancels the creation (which cleans up). While the command runs,
 * every signal is delivered as is to the command's process group, as a shell does:
 * Ctrl-C reaches Python as KeyboardInterrupt, and an interactive program can take
 * many of them. Only where the command cannot be found to signal it is it stopped
 * through the launch's abort signal (SIGTERM, then SIGKILL).
 */
export class SignalRelay {
  readonly creationController = new AbortController();
  readonly launchController = new AbortController();
  private creationSignal: RelayedSignal | undefined;
  private running = false;
  private readonly handler = (signal: NodeJS.Signals) => this.receive(signal as RelayedSignal);

  constructor() {
    for (const signal of relayedSignals) process.on(signal, this.handler);
  }

  /** The signal that cancelled the creation, if one did. */
  get creationInterruptedBy(): RelayedSignal | undefined {
    return this.creationSignal;
  }

  commandStarted(): void {
    this.running = true;
  }

  dispose(): void {
    for (const signal of relayedSignals) process.off(signal, this.handler);
  }

  private receive(signal: RelayedSignal): void {
    if (!this.running) {
      this.creationSignal ??= signal;
      this.creationController.abort(signal);
      return;
    }
    if (signalChildProcessGroups(signal) > 0) return;
    this.launchController.abort(signal);
  }
}

/** The exit status a shell reports for a process a signal ended: 128 + its number. */
export function exitCodeForSignal(signal: string): number {
  const number = (constants.signals as Record<string, number>)[signal];
  return 128 + (number ?? 15);
}

/**
 * The launch contract only offers an abort signal (which the core turns into
 * SIGTERM), so the exact signal is sent here to each child's process group. The
 * core's launcher makes the child a group leader; a child that is not one is
 * signalled alone. Linux's /proc lists the children; elsewhere this returns 0 and
 * the caller falls back to aborting.
 */
function signalChildProcessGroups(signal: RelayedSignal): number {
  let delivered = 0;
  for (const pid of childProcessIds()) {
    try {
      process.kill(-pid, signal);
      delivered += 1;
    } catch {
      try {
        process.kill(pid, signal);
        delivered += 1;
      } catch {
        // Already gone: nothing to deliver to.
      }
    }
  }
  return delivered;
}

function childProcessIds(): number[] {
  try {
    const taskDirectory = `/proc/${process.pid}/task`;
    return readdirSync(taskDirectory).flatMap((task) =>
      readFileSync(`${taskDirectory}/${task}/children`, 'utf8')
        .split(' ')
        .filter((word) => word.trim() !== '')
        .map(Number),
    );
  } catch {
    return [];
  }
}
