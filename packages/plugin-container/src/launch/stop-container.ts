import { constants } from 'node:os';
import type { LaunchEngineClient } from '../engine/launch-engine-client.js';

/**
 * Stops a running container the way `docker stop` does, but with the signal the
 * user sent: that signal first, SIGKILL after the grace period. Remembers what it
 * sent, so the exit status can be reported as "ended by signal".
 */
export class ContainerStopper {
  #sentSignal: string | undefined;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: LaunchEngineClient,
    private readonly containerId: string,
    private readonly gracePeriodMs: number,
  ) {}

  get sentSignal(): string | undefined {
    return this.#sentSignal;
  }

  stop(signal: string): void {
    if (this.#sentSignal !== undefined) return;
    this.#sentSignal = signal;
    this.client.kill(this.containerId, signal).catch(() => undefined);
    this.#killTimer = setTimeout(() => {
      this.#sentSignal = 'SIGKILL';
      this.client.kill(this.containerId, 'SIGKILL').catch(() => undefined);
    }, this.gracePeriodMs);
    this.#killTimer.unref();
  }

  dispose(): void {
    clearTimeout(this.#killTimer);
  }

  /** `{exitCode}` or, when the status is 128 + the number of the signal sent, `{signal}`. */
  resultFor(statusCode: number): { exitCode: number | null; signal: string | null } {
    const sent = this.#sentSignal;
    const signalNumber = sent ? (constants.signals as Record<string, number>)[sent] : undefined;
    if (sent && signalNumber !== undefined && statusCode === 128 + signalNumber) return { exitCode: null, signal: sent };
    return { exitCode: statusCode, signal: null };
  }
}

/** The signal an abort asks for: the CLI aborts with the signal's name as the reason. */
export function signalOfAbortReason(reason: unknown): string {
  if (typeof reason === 'string' && /^SIG[A-Z0-9]+$/.test(reason)) return reason;
  const named = (reason as { signal?: unknown } | null)?.signal;
  return typeof named === 'string' && /^SIG[A-Z0-9]+$/.test(named) ? named : 'SIGTERM';
}
