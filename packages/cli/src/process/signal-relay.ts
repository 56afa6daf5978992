import { constants } from 'node:os';
import type { LaunchControl } from '@runtime-env/core/plugin';

const relayedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type RelayedSignal = (typeof relayedSignals)[number];

/**
 * Catches SIGINT/SIGTERM/SIGHUP for `rtenv run`. While the environment is being
 * created, a signal cancels the creation (which cleans up). While the command runs,
 * every signal is delivered as is to the command's process group, as a shell does:
 * Ctrl-C reaches Python as KeyboardInterrupt, and an interactive program can take
 * many of them. A signal that arrives before the launcher handed over its control
 * stops the command through the launch's abort signal, with that signal first.
 */
export class SignalRelay {
  readonly creationController = new AbortController();
  readonly launchController = new AbortController();
  private creationSignal: RelayedSignal | undefined;
  private running = false;
  private control: LaunchControl | undefined;
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

  /** Given to the launch as `onStarted`: from now on signals go to the command itself. */
  readonly attach = (control: LaunchControl): void => {
    this.control = control;
  };

  dispose(): void {
    for (const signal of relayedSignals) process.off(signal, this.handler);
  }

  private receive(signal: RelayedSignal): void {
    if (!this.running) {
      this.creationSignal ??= signal;
      this.creationController.abort(signal);
      return;
    }
    if (this.control) this.control.sendSignal(signal);
    else this.launchController.abort(signal);
  }
}

/** The exit status a shell reports for a process a signal ended: 128 + its number. */
export function exitCodeForSignal(signal: string): number {
  const number = (constants.signals as Record<string, number>)[signal];
  return 128 + (number ?? 15);
}
