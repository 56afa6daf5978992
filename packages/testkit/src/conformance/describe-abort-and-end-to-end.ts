import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeTemporaryDataDirectory, type TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { checkAbortStopsPromptly, DEFAULT_ABORT_TIMING, type AbortTiming } from './check-abort.js';
import { checkEndToEnd } from './check-end-to-end.js';
import { ConformanceFailure } from './conformance-failure.js';
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
      throw new ConformanceFailure(
        plugin.name,
        'abort stops create',
        'the conformance spec has no abortSpec',
        'add an abortSpec whose create takes over a second, or skip.abort with the reason',
      );
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
    it(
      title,
      () => checkAbortStopsPromptly(harness, suite.normalized(harness, 'abortSpec'), timing),
      timing.abortAfterMs + timing.settleWithinMs + ABORT_TEST_MARGIN_MS,
    );
  });
}

export function describeEndToEndChecks(suite: SuiteState): void {
  const { spec } = suite;
  const title = "end to end: every hook in the core's order, then a process launched in the environment exits 0";
  if (spec.skip?.endToEnd) {
    it.skip(`${title} (skipped: ${spec.skip.endToEnd})`, () => {});
    return;
  }
  let directory: TemporaryDirectory | undefined;
  afterAll(() => directory?.remove());
  it(title, async () => {
    directory = await makeTemporaryDataDirectory(`runtime-env-end-to-end-${suite.plugin.name}-`);
    await checkEndToEnd({
      underTest: suite.loaded(),
      specCase: suite.specCase('createSpec'),
      alongside: (spec.alongside ?? []).map((entry) => suite.alongside(entry)),
      command: spec.launchCommand ?? ['sh', '-c', 'exit 0'],
      dataDirectory: directory.path,
    });
  });
}
