import { rmSync } from 'node:fs';
import { onTestFinished } from 'vitest';

const directoriesLeftForExit = new Set<string>();
let exitHookInstalled = false;

/**
 * Runs `cleanup` when the current test finishes. Outside a test (in `beforeAll`,
 * say) there is no test to attach to, so it returns false and the caller must
 * clean up itself; `removeAtExit` is the last resort for directories.
 */
export function cleanUpAfterCurrentTest(cleanup: () => Promise<void> | void): boolean {
  try {
    onTestFinished(async () => {
      await cleanup();
    });
    return true;
  } catch {
    return false;
  }
}

/** Removes `directory` when the process exits, unless it was removed (and forgotten) before. */
export function removeAtExit(directory: string): void {
  directoriesLeftForExit.add(directory);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' listeners must be synchronous, hence rmSync.
  process.once('exit', () => {
    for (const left of directoriesLeftForExit) rmSync(left, { recursive: true, force: true });
  });
}

export function forgetAtExit(directory: string): void {
  directoriesLeftForExit.delete(directory);
}
