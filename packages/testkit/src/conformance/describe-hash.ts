import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { checkHashCoversVersion, checkHashDeterministic, checkHashDistinguishes, checkHashPurity } from './check-hash.js';
import { checkLaunchModule } from './check-launch-module.js';
import type { PluginHarness } from './plugin-harness.js';
import type { SuiteState } from './suite-state.js';

export function describeHashChecks(suite: SuiteState): void {
  describe('hash', () => {
    let harness: PluginHarness;
    let directory: TemporaryDirectory;
    beforeAll(async () => {
      ({ harness, directory } = await suite.openHarness());
    });
    afterAll(() => directory?.remove());

    it('is deterministic, and isHashPure is truthful', async () => {
      const normalized = suite.normalized(harness, 'createSpec');
      await checkHashDeterministic(harness, normalized);
      await checkHashPurity(harness, normalized);
    });
    if (suite.plugin.launchModule !== undefined) {
      it('has a launch module that stands in for it (launch, and the same URIs when it hashes)', async () => {
        await checkLaunchModule(harness, [suite.normalized(harness, 'createSpec'), suite.normalized(harness, 'otherSpec')]);
      });
    }
    if (suite.plugin.create) {
      it('gives otherSpec other URIs', async () => {
        await checkHashDistinguishes(harness, suite.normalized(harness, 'createSpec'), suite.normalized(harness, 'otherSpec'));
      });
      it('changes every URI when the plugin version changes', async () => {
        await checkHashCoversVersion(harness, suite.normalized(harness, 'createSpec'));
      });
    } else {
      it('returns no URIs for createSpec and otherSpec (the plugin has no create hook)', async () => {
        await checkHashDeterministic(harness, suite.normalized(harness, 'createSpec'));
        await checkHashDeterministic(harness, suite.normalized(harness, 'otherSpec'));
      });
    }
  });
}
