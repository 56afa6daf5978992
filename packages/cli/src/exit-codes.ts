/** The process exit codes of `rtenv`; `run` exits with its child's code instead. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  setupFailed: 3,
  notFound: 4,
  /** `rtenv run`: the command could not be executed (as a shell reports it). */
  commandNotExecutable: 126,
  /** `rtenv run`: no such command (as a shell reports it). */
  commandNotFound: 127,
} as const;

/** What a shell reports for a process ended by a signal: 128 + the signal's number. */
export const signalExitBase = 128;
