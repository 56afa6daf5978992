import { randomBytes } from 'node:crypto';
import { currentProcessIdentity, isProcessAlive } from '@runtime-env/plugin-api';

/**
 * Staging files carry their writer (pid and start time), so a cleaner can tell a
 * file a live process is still writing from one a dead process left behind.
 * `<prefix><pid>-<start time>-<random><suffix>`.
 */
export function stagingFileName(prefix: string, suffix: string): string {
  const writer = currentProcessIdentity();
  return `${prefix}${writer.pid}-${writer.startTime ?? ''}-${randomBytes(6).toString('hex')}${suffix}`;
}

const withWriter = /^(?:package-)?(\d+)-(\d*)-[0-9a-f]{12}/;
/** What earlier versions wrote: `package-<random>.partial`, and `<pid>-<random>-<name>` before a rename. */
const olderWithPid = /^(\d+)-[0-9a-f]{12}-/;
/** A file that names no writer is left alone this long after its last write: its writer may be an older version still at work. */
export const UNNAMED_WRITER_IDLE_MS = 60 * 60 * 1000;

/** Whether the staging file `name`, last written at `modifiedAtMs`, may still be being written. */
export function mayStillBeWritten(name: string, modifiedAtMs: number, now: number): boolean {
  const named = withWriter.exec(name);
  if (named) return isProcessAlive(Number(named[1]), named[2] || null);
  const older = olderWithPid.exec(name);
  if (older) return isProcessAlive(Number(older[1]), null);
  return now - modifiedAtMs < UNNAMED_WRITER_IDLE_MS;
}
