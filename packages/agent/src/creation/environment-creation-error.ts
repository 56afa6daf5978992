import { RuntimeEnvError } from '@runtime-env/core';

/** A creation error that names the environment, so the caller can read its setup log. */
export class EnvironmentCreationError extends RuntimeEnvError {
  constructor(
    readonly environmentId: string,
    override readonly cause: RuntimeEnvError,
  ) {
    super(cause.code, cause.message, { cause });
  }
}
