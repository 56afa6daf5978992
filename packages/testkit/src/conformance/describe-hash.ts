import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { checkHashDeterministic, checkHashDistinguishes, checkHashPurity } from './check-hash.js';
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

    it('is deterministic, and fromSpecAlone is truthful', async () => {
      const normalized = suite.normalized(harness, 'createSpec');
      await checkHashDeterministic(harness, normalized);
      await checkHashPurity(harness, normalized);
    });
    const { launchModule } = suite.packageUnderTest;
    if (launchModule !== undefined) {
      it('has a "./launch" export that stands in for it (launch, and the same keys when it hashes)', async () => {
        await checkLaunchModule(harness, launchModule, [suite.normalized(harness, 'createSpec'), suite.normalized(harness, 'otherSpec')]);
      });
    }
    if (suite.plugin.create) {
      it('gives otherSpec other keys', async () => {
        await checkHashDistinguishes(harness, suite.normalized(harness, 'createSpec'), suite.normalized(harness, 'otherSpec'));
      });
    } else {
      it('returns no keys for createSpec and otherSpec (the plugin has no create hook)', async () => {
        await checkHashDeterministic(harness, suite.normalized(harness, 'createSpec'));
        await checkHashDeterministic(harness, suite.normalized(harness, 'otherSpec'));
      });
    }
  });
}
