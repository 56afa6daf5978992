import { chmodSync, closeSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';

/**
 * The data directory holds documents with their `env_vars` values in clear (the
 * database keeps them to recreate an environment), so only its owner may enter
 * it. Every mode is set by `chmod` after creating, not left to the umask: a
 * loose umask must not open it, and a strict one must not lock its owner out.
 */
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const STICKY_BIT = 0o1000;

/**
 * Creates the data directory 0700, or tightens an existing one that is plainly
 * this user's own. A shared directory given as the data directory (sticky like
 * `/tmp`, or another user's) is left as it is: changing it would break others,
 * and the private folders and files inside still close what rtenv keeps.
 */
export function makePrivateDataDirectory(directory: string): void {
  const existing = statIfPresent(directory);
  if (existing === undefined) {
    makePrivateDirectory(directory);
    return;
  }
  const isOwnDirectory = process.getuid === undefined || existing.uid === process.getuid();
  if (isOwnDirectory && (existing.mode & STICKY_BIT) === 0 && (existing.mode & 0o777) !== PRIVATE_DIRECTORY_MODE) chmodSync(directory, PRIVATE_DIRECTORY_MODE);
}

/** Creates a folder rtenv owns (and missing parents) 0700, and tightens it if it existed. */
export function makePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  chmodSync(directory, PRIVATE_DIRECTORY_MODE);
}

/** Creates the file empty if missing, and makes it (new or old) 0600. */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Makes each of the files that exist 0600; missing ones are skipped. */
export function tightenFiles(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function statIfPresent(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
