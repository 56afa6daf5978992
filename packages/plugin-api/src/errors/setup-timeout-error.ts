import { RuntimeEnvError } from './runtime-env-error.js';

/** `config.setup_timeout_seconds` ran out while a plugin was creating a URI. */
export class SetupTimeoutError extends RuntimeEnvError {
  readonly plugin: string;
  readonly phase: string;
  readonly timeoutSeconds: number;

  constructor(details: { plugin: string; phase: string; timeoutSeconds: number }) {
    super(
      'setup_timeout',
      `creating the environment timed out after ${details.timeoutSeconds} s in plugin "${details.plugin}" during phase "${details.phase}"`,
      { hint: 'raise "config": {"setup_timeout_seconds": N} in the runtime_env (or -1 for no limit)' },
    );
    this.plugin = details.plugin;
    this.phase = details.phase;
    this.timeoutSeconds = details.timeoutSeconds;
  }
}
