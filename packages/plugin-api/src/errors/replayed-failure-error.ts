import { RuntimeEnvError } from './runtime-env-error.js';

/**
 * A creation that failed a moment ago, thrown again without trying, because nothing
 * that could change its outcome changed (the document, its `config`, the variables
 * its plugins read). It keeps the original's code, and its plugin, hook and class
 * when it has them, so exit codes and HTTP statuses are the original's; the message
 * says it is a replay, from when, and how to try again.
 */
export class ReplayedFailureError extends RuntimeEnvError {
  /** ISO time of the failure replayed. */
  readonly failedAt: string;

  constructor(original: RuntimeEnvError, failedAt: number, now: number) {
    super(
      original.code,
      `${original.message}\n  this is a cached failure from ${new Date(failedAt).toISOString()} (${describeAge(now - failedAt)} ago), replayed because nothing that could change the outcome has changed`,
      {
        cause: original,
        hint: 'to try again now, run `rtenv run --retry`, or send "retry": true in the agent\'s create request',
      },
    );
    this.failedAt = new Date(failedAt).toISOString();
    // Copied only when present: the plugin-error checks test whether these keys exist.
    for (const key of ['plugin', 'hook', 'failureClass', 'logTail', 'phase', 'timeoutSeconds'] as const) {
      if (key in original) Object.assign(this, { [key]: (original as unknown as Record<string, unknown>)[key] });
    }
  }
}

function describeAge(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
