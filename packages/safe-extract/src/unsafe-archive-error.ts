import { RuntimeEnvError } from '@runtime-env/plugin-api';

/**
 * An archive entry that would change anything outside the target, is not a
 * plain file, folder or link, or cannot be written as named. Extraction stops at
 * the first one and removes the target whole.
 */
export class UnsafeArchiveError extends RuntimeEnvError {
  readonly entry: string;

  constructor(archive: string, entry: string, reason: string) {
    super('unsafe_archive', `archive ${archive} was rejected at entry "${entry}": ${reason}; nothing was extracted`, {
      hint: 'rebuild the archive from a plain directory (for example with `rtenv pack`)',
    });
    this.entry = entry;
  }
}
