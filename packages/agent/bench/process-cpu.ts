import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * A process's CPU time so far, in ms, summed over its threads (the main thread,
 * the garbage collector's, libuv's pool) from `/proc/PID/task/TID/schedstat`, which
 * counts nanoseconds (`/proc/PID/stat` counts 10 ms ticks, too coarse for a round
 * of a few seconds): what requests cost it, whatever else the shared machine runs.
 */
export function processCpuMs(pid: number): number {
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return nanoseconds / 1e6;
}

/** The machine's 1-minute load average, rounded, for the report. */
export function loadNow(): number {
  return Math.round(loadavg()[0]! * 10) / 10;
}
