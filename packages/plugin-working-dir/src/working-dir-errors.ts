import { RuntimeEnvError, SetupFailure } from '@runtime-env/plugin-api';

/** A git commit whose tree would write outside the working_dir, or links out of it; nothing of it is kept. */
export class UnsafeGitTreeError extends RuntimeEnvError {
  constructor(url: string, commit: string, entry: string, reason: string) {
    super('unsafe_git_tree', `commit ${commit} of ${url} was refused at "${entry}": ${reason}; nothing was checked out`, {
      hint: 'fix the repository (git fsck finds such trees), or use another commit',
    });
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
