import { readFileSync } from 'node:fs';

/**
 * A process as the kernel knows it: the pid plus its start time, because a pid
 * alone is reused after the process dies and would keep a dead owner's claim alive.
 */
export interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot (field 22 of `/proc/<pid>/stat`); null where `/proc` is absent. */
  startTime: string | null;
}

/** The start time of `pid`, or undefined when no such process exists. */
export function processStartTime(pid: number): string | null | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return isAliveBySignal(pid) ? null : undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); the start time is field 22.
  if (fields[0] === 'Z') return undefined;
  return fields[19] ?? null;
}

let ownIdentity: ProcessIdentity | undefined;

export function currentProcessIdentity(): ProcessIdentity {
  ownIdentity ??= { pid: process.pid, startTime: processStartTime(process.pid) ?? null };
  return ownIdentity;
}

export function identityOf(pid: number): ProcessIdentity | undefined {
  const startTime = processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

/** Whether the process that made a claim still runs (same pid and, where known, same start time). */
export function isProcessAlive(pid: number, startTime: string | null): boolean {
  const current = processStartTime(pid);
  if (current === undefined) return false;
  return startTime === null || current === null || current === startTime;
}

function isAliveBySignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
