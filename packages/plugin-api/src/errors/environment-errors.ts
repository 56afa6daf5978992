import { RuntimeEnvError } from './runtime-env-error.js';

export class EnvironmentNotFoundError extends RuntimeEnvError {
  constructor(environmentId: string) {
    super('environment_not_found', `no environment "${environmentId}"`, { hint: 'list environments with `rtenv ls`' });
  }
}

export class EnvironmentInUseError extends RuntimeEnvError {
  constructor(environmentId: string, owners: readonly string[]) {
    super('environment_in_use', `environment "${environmentId}" is in use by ${owners.join(', ')}`, {
      hint: 'release its references first, or wait for them to end',
    });
  }
}

export class CancelledError extends RuntimeEnvError {
  constructor(what: string) {
    super('cancelled', `${what} was cancelled`);
  }
}
