import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { checkAbortStopsPromptly, DEFAULT_ABORT_TIMING, type AbortTiming } from './check-abort.js';
import { checkEndToEndThroughCore } from './check-end-to-end.js';
import { ConformanceFailure } from './conformance-failure.js';
import { resolveAfterSetup } from './conformance-spec.js';
import type { PluginHarness } from './plugin-harness.js';
import type { SuiteState } from './suite-state.js';

/** Room for the abort, the settling, and SIGKILL reaching a stubborn child. */
const ABORT_TEST_MARGIN_MS = 15_000;

export function describeAbortChecks(suite: SuiteState): void {
  const { plugin, spec } = suite;
  const title = 'create stops promptly when aborted and leaves nothing behind';
  if (spec.skip?.abort) {
    it.skip(`${title} (skipped: ${spec.skip.abort})`, () => {});
    return;
  }
  // A plugin without create has nothing to abort; the hash group already holds it to "no URIs".
  if (!plugin.create) return;
  if (spec.abortSpec === undefined) {
    it(title, () => {
      throw new ConformanceFailure(plugin.name, 'abort stops create', 'the conformance spec has no abortSpec', 'add an abortSpec whose create takes over a second, or skip.abort with the reason');
    });
    return;
  }
  const timing: AbortTiming = { ...DEFAULT_ABORT_TIMING, ...spec.abortTiming };
  describe('abort', () => {
    let harness: PluginHarness;
    let directory: TemporaryDirectory;
    beforeAll(async () => {
      ({ harness, directory } = await suite.openHarness());
    });
    afterAll(() => directory?.remove());
    it(title, () => checkAbortStopsPromptly(harness, suite.normalized(harness, 'abortSpec'), timing), timing.abortAfterMs + timing.settleWithinMs + ABORT_TEST_MARGIN_MS);
  });
}

export function describeEndToEndChecks(suite: SuiteState): void {
  const { plugin, spec } = suite;
  const title = 'through a real core: getOrCreate twice creates once, release and gc remove it';
  if (spec.skip?.endToEnd) {
    it.skip(`${title} (skipped: ${spec.skip.endToEnd})`, () => {});
    return;
  }
  it(title, () =>
    checkEndToEndThroughCore({
      plugin,
      options: resolveAfterSetup(spec.options),
      specCase: suite.specCase('createSpec'),
      ...(spec.alongside ? { alongside: spec.alongside } : {}),
    }),
  );
}
