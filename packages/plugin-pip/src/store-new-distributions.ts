import type { CreateContext } from '@runtime-env/plugin-api';
import type { StoreAccess } from './store/store-access.js';
import { normalizeProjectName } from './requirement-lines.js';
import type { ResolvedDistribution } from './store/resolution-report.js';
import { identityOf } from './store/stored-entries.js';
import { storeDistribution } from './store/store-distribution.js';

/**
 * Keeps in the store every distribution pip installed into this environment
 * (those linked from it are there already). Storing only saves later
 * environments work, so a failure is logged and the environment is still served;
 * a cancellation is not swallowed.
 */
export async function storeNewDistributions(
  ctx: CreateContext<unknown>,
  store: StoreAccess,
  resolution: readonly ResolvedDistribution[],
  linkedNames: ReadonlySet<string>,
): Promise<number> {
  let stored = 0;
  for (const distribution of resolution) {
    if (linkedNames.has(normalizeProjectName(distribution.name))) continue;
    const identity = identityOf(distribution, store.environment);
    if (!identity) {
      ctx.logger.debug(`${distribution.name}==${distribution.version} is not shared: only wheels from an index, with a sha256, are`);
      continue;
    }
    ctx.progress({ phase: 'storing', message: `${distribution.name}==${distribution.version}` });
    try {
      const result = await storeDistribution({ layout: store.layout, identity, venv: store.venv, python: store.python, signal: ctx.signal });
      if (result.outcome === 'stored') stored += 1;
      if (result.outcome === 'not-storable') ctx.logger.info(`${distribution.name}==${distribution.version} is not shared: ${result.reason}`);
    } catch (error) {
      ctx.signal.throwIfAborted();
      ctx.logger.warn(`could not keep ${distribution.name}==${distribution.version} in the store: ${(error as Error).message}`);
    }
  }
  return stored;
}
