import { SetupFailure } from '@runtime-env/plugin-api';
import type { InstalledDistribution } from './installation-lock.js';
import { normalizeProjectName } from './requirement-lines.js';
import type { ResolvedDistribution } from './store/resolution-report.js';

/**
 * Checks that the environment holds every distribution pip resolved, at the
 * resolved version: linking from the store must give what `pip install` gives,
 * and an environment that does not is never served.
 */
export function verifyAgainstResolution(installed: readonly InstalledDistribution[], resolution: readonly ResolvedDistribution[]): void {
  const versions = new Map(installed.map((distribution) => [normalizeProjectName(distribution.name), distribution.version]));
  const wrong = resolution
    .filter((distribution) => versions.get(normalizeProjectName(distribution.name)) !== distribution.version)
    .map((distribution) => `${distribution.name}==${distribution.version} (found ${versions.get(normalizeProjectName(distribution.name)) ?? 'nothing'})`);
  if (wrong.length === 0) return;
  throw SetupFailure.permanent(`the environment does not hold what pip resolved: ${wrong.join(', ')}`, {
    code: 'pip_store_mismatch',
    hint: 'set the pip plugin option "distributionStore": false in rtenv.config.json and report this with the setup log (`rtenv logs ENV`)',
  });
}
