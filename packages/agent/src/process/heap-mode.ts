import v8 from 'node:v8';

/**
 * How the agent's process asks V8 to size its heap.
 * - `compact` (default): V8's `--optimize-for-size`, which keeps the young
 *   generation small and grows the old one in smaller steps. An agent is
 *   long-lived and mostly idle between bursts; with Node's defaults a burst of
 *   10,000 creations left about 60 MiB of collected-but-kept heap in the process
 *   (see docs/benchmarks.md for the measured cost, which is within noise).
 * - `node-default`: leave V8 as Node configures it.
 */
export const HEAP_MODES = ['compact', 'node-default'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

/**
 * Applies `mode` to this process. V8 reads these sizing flags at every
 * collection, so setting them once the process runs takes effect from the next
 * one. Only the agent's own entry points call this: a library embedding
 * `serveAgent` keeps its process's settings.
 */
export function applyHeapMode(mode: HeapMode, setFlags: (flags: string) => void = v8.setFlagsFromString): void {
  if (mode === 'compact') setFlags('--optimize-for-size');
}
