import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the fast path keeps what it reads without the state database, under
 * `<data>/fast-path/`:
 * - `run/<sha256 of scope and document>.json`: a document record (which
 *   environment a raw document named, with the files the engine loaded then);
 * - `environments/<id>.json`: an environment the fast path may serve (its launch
 *   context, with the env_vars values in clear, and its URI directories). It
 *   exists only while the environment is ready: removing it is how garbage
 *   collection and every other change of state tell the fast path "no longer";
 * - `leases/<id>/<pid>-<start time>-<n>`: a running fast-path process's hold on
 *   the environment (see fast-path-leases.ts).
 * Private like the state database: folders 0700, files 0600.
 */
export class FastPathFiles {
  readonly directory: string;

  constructor(readonly dataDirectory: string) {
    this.directory = join(dataDirectory, 'fast-path');
  }

  get documentRecordsDirectory(): string {
    return join(this.directory, 'run');
  }

  get environmentsDirectory(): string {
    return join(this.directory, 'environments');
  }

  get leasesDirectory(): string {
    return join(this.directory, 'leases');
  }

  /** The record of a key from `recordKeyOf` (a hex digest). */
  documentRecordPath(recordKey: string): string {
    return join(this.documentRecordsDirectory, `${recordKey}.json`);
  }

  /** Undefined for an id that is not a plain name (ids are hex digests; anything else is not looked for on disk). */
  environmentPath(environmentId: string): string | undefined {
    return isPlainName(environmentId) ? join(this.environmentsDirectory, `${environmentId}.json`) : undefined;
  }

  leaseDirectory(environmentId: string): string | undefined {
    return isPlainName(environmentId) ? join(this.leasesDirectory, environmentId) : undefined;
  }

  /** The tombstone: the fast path no longer serves the environment. Never throws for a missing file. */
  forgetEnvironment(environmentId: string): void {
    const path = this.environmentPath(environmentId);
    // Every new environment passes here, and its file is almost never there: `existsSync`
    // answers that without the exception `rmSync` builds for a missing file (12 µs of a
    // creation, measured in the agent). Racing writers are no different from before: a
    // file can only be written by a transaction that saw the environment ready.
    if (path && existsSync(path)) rmSync(path, { force: true });
  }
}

const isPlainName = (name: string): boolean => /^[A-Za-z0-9_-]+$/.test(name);

let temporaryCounter = 0;

/**
 * Writes a private file whole: a temporary file made 0600 (by chmod, whatever the
 * umask) in a 0700 folder, renamed into place, so a reader sees the old file or
 * the new one, never a part.
 */
export function writePrivateFileAtomically(path: string, text: string): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // The folder and `fast-path/` above it: mkdir's mode is only what the umask lets through.
  chmodSync(dirname(directory), 0o700);
  chmodSync(directory, 0o700);
  temporaryCounter += 1;
  const temporary = `${path}.${process.pid}-${temporaryCounter}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The parsed JSON of a file, or undefined when it is missing or does not parse. */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
