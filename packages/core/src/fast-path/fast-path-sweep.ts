import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, type FastPathFiles } from './fast-path-files.js';

/**
 * Removes the document records whose environment the fast path no longer serves
 * (its file is gone: removed, collected, or being rebuilt), so records of removed
 * environments do not pile up. A record removed while its environment is still
 * ready only costs its next run the engine's path, which records it again.
 * Called after a garbage collection; never throws.
 */
export function removeUnservedDocumentRecords(files: FastPathFiles): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(files.documentRecordsDirectory);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const path = join(files.documentRecordsDirectory, name);
    const environmentId = (readJsonFile(path) as { environmentId?: unknown } | undefined)?.environmentId;
    const servedFrom = typeof environmentId === 'string' ? files.environmentPath(environmentId) : undefined;
    if (servedFrom !== undefined && existsSync(servedFrom)) continue;
    try {
      rmSync(path, { force: true });
      removed += 1;
    } catch {
      // Another process removed or replaced it.
    }
  }
  return removed;
}
