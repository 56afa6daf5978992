import { RuntimeEnvError, type FailureClass, type RuntimeEnvErrorOptions } from './runtime-env-error.js';

/**
 * What a plugin throws from `create` when it knows whether a retry can help:
 * `transient` (network down, HTTP 5xx, interrupted download) is retried with backoff;
 * `permanent` (package does not exist, unsatisfiable spec) is reported at once.
 * Anything else a plugin throws is classified by the core from its error code.
 */
export class SetupFailure extends RuntimeEnvError {
  readonly failureClass: FailureClass;

  constructor(failureClass: FailureClass, message: string, options: RuntimeEnvErrorOptions & { code?: string } = {}) {
    super(options.code ?? `setup_failed_${failureClass}`, message, options);
    this.failureClass = failureClass;
  }

  static transient(message: string, options?: RuntimeEnvErrorOptions & { code?: string }): SetupFailure {
    return new SetupFailure('transient', message, options);
  }

  static permanent(message: string, options?: RuntimeEnvErrorOptions & { code?: string }): SetupFailure {
    return new SetupFailure('permanent', message, options);
  }

  static override isInstance(value: unknown): value is SetupFailure {
    return RuntimeEnvError.isInstance(value) && 'failureClass' in value;
  }
}
