import { RuntimeEnvError, SetupFailure } from '@runtime-env/core/plugin';

/** A package over `maxPackageBytes`; the message lists what takes the space. */
export class PackageTooLargeError extends RuntimeEnvError {
  constructor(message: string, hint: string) {
    super('package_too_large', message, { hint });
  }
}

/** A download or store call that may work when tried again. */
export function transientFetchFailure(what: string, cause: unknown): SetupFailure {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return SetupFailure.transient(`${what} failed: ${reason}`, { cause, code: 'package_fetch_failed' });
}
