import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpAfterCurrentTest, forgetAtExit, removeAtExit } from './register-cleanup.js';

export interface TemporaryDirectory {
  /** Absolute, with symbolic links resolved, so paths compare equal to what plugins report. */
  readonly path: string;
  /** Removes the directory now; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * A fresh empty directory under the system temp folder. Inside a test it is removed
 * when the test finishes; elsewhere (`beforeAll`) call `remove()` in the matching
 * `afterAll`, and it is removed at process exit at the latest.
 */
export async function makeTemporaryDataDirectory(prefix = 'runtime-env-test-'): Promise<TemporaryDirectory> {
  const path = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    await rm(path, { recursive: true, force: true });
    forgetAtExit(path);
  };
  removeAtExit(path);
  cleanUpAfterCurrentTest(remove);
  return { path, remove };
}
