import { RuntimeEnvError, SetupFailure } from '@runtime-env/core';

/** An archive entry that would escape the target or is not a plain file, folder or safe link. */
export class UnsafeArchiveError extends RuntimeEnvError {
  readonly entry: string;

  constructor(archive: string, entry: string, reason: string) {
    super('unsafe_archive', `archive ${archive} was rejected at entry "${entry}": ${reason}; nothing was extracted`, {
      hint: 'rebuild the archive from a plain directory (for example with `rtenv pack`)',
    });
    this.entry = entry;
  }
}

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
