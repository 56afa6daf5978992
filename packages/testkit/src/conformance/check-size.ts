import { ConformanceFailure } from './conformance-failure.js';
import { measureDiskUsage } from './disk-usage.js';
import type { CreatedUri, PluginHarness } from './plugin-harness.js';

/** The slack allowed around the measured size: 5 %, and at least 16 KiB for tiny directories. */
export function sizeToleranceFor(bytes: number): number {
  return Math.max(16 * 1024, Math.ceil(bytes * 0.05));
}

/**
 * The size `create` reported lies between what `du` measures by length and by
 * allocated blocks (either is a fair reading of "bytes on disk"), give or take
 * the tolerance. Budgets and garbage collection trust this number.
 */
export async function checkReportedSizes(harness: PluginHarness, created: readonly CreatedUri[]): Promise<void> {
  for (const entry of created) {
    const reported = entry.result.sizeBytes;
    if (!Number.isSafeInteger(reported) || reported < 0) {
      throw new ConformanceFailure(
        harness.plugin.name,
        'reports its size',
        `create of "${entry.uri}" reported sizeBytes ${String(reported)}, not a whole number of bytes ≥ 0`,
      );
    }
    const usage = await measureDiskUsage(entry.directory);
    const low = Math.min(usage.apparentBytes, usage.allocatedBytes);
    const high = Math.max(usage.apparentBytes, usage.allocatedBytes);
    const tolerance = sizeToleranceFor(high);
    if (reported < low - tolerance || reported > high + tolerance) {
      throw new ConformanceFailure(
        harness.plugin.name,
        'reported size matches the disk',
        `create of "${entry.uri}" reported ${reported} bytes, but its directory holds ${usage.apparentBytes} bytes (${usage.allocatedBytes} allocated)`,
        'measure the directory after building it, counting hardlinked files once',
      );
    }
  }
}
