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

/**
 * Waits until the process is idle (under 2 ms of CPU in 250 ms, or 10 s passed):
 * what opening a follower costs once (the snapshot of every row, and collecting its
 * garbage on the collector's threads) is not the cost of following, and would
 * otherwise spill into the round measured after it.
 */
export async function untilIdle(pid: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const before = processCpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (processCpuMs(pid) - before < 2 || performance.now() > deadline) return;
  }
}
