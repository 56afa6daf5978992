import { join } from 'node:path';
import { measureDirectorySize } from '@runtime-env/plugin-api';
import { pruneUnlinkedEntries, removeAbandonedWork } from './store/prune-store.js';
import { storeLayout } from './store/store-layout.js';

/**
 * Before the core removes an environment's directory: prunes the store entries
 * that only this environment still links, and reports the bytes really freed
 * (its own files, plus those entries), not the size recorded at creation, which
 * may include entries other environments still link.
 */
export async function deletePipEnvironment(directory: string, pluginDirectory: string): Promise<number> {
  const layout = storeLayout(pluginDirectory);
  const ownBytes = (await measureDirectorySize(directory)).unsharedAllocatedBytes;
  await removeAbandonedWork(layout);
  const pruned = await pruneUnlinkedEntries(layout, join(directory, 'venv'));
  return ownBytes + pruned.bytesFreed;
}
