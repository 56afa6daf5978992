import { describe, expect, it } from 'vitest';
import type { AnyRuntimeEnvPlugin } from '@runtime-env/core';
import {
  checkAbortStopsPromptly,
  checkCreateConfined,
  checkDeleteFrees,
  checkEndToEndThroughCore,
  checkHashCoversVersion,
  checkHashDeterministic,
  checkHashDistinguishes,
  checkLaunchModule,
  checkModifyContextIdempotent,
  checkNormalizationIsIdempotent,
  checkNoProcessLeft,
  checkPluginShape,
  checkQuietAndSecretFree,
  checkReportedSizes,
  ConformanceFailure,
  loadPluginForTest,
  makeTemporaryDataDirectory,
  observeCreate,
  openPluginHarness,
  type PluginHarness,
} from '../src/index.js';
import * as plugins from './fixtures/broken-plugins.js';

const spec = { spec: { text: 'hello' }, runtimeEnv: { env_vars: { TOKEN: 'broken-plugin-secret' } } };

async function harnessFor(plugin: AnyRuntimeEnvPlugin): Promise<PluginHarness> {
  const directory = await makeTemporaryDataDirectory();
  return openPluginHarness(loadPluginForTest(plugin), directory.path);
}

/** Runs `check` on the well-behaved plugin (it must pass) and on the broken one (it must fail naming `promise`). */
async function expectOnlyBrokenFails(broken: AnyRuntimeEnvPlugin, promise: RegExp, check: (harness: PluginHarness) => Promise<unknown> | unknown): Promise<ConformanceFailure> {
  await check(await harnessFor(plugins.wellBehavedPlugin));
  const failure = await Promise.resolve()
    .then(async () => check(await harnessFor(broken)))
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(failure).toBeInstanceOf(ConformanceFailure);
  expect((failure as ConformanceFailure).message).toMatch(promise);
  expect((failure as ConformanceFailure).message).toContain('plugin "sample"');
  return failure as ConformanceFailure;
}

describe('the conformance checks catch broken plugins', () => {
  it('a plugin that writes outside its directory', async () => {
    const failure = await expectOnlyBrokenFails(plugins.writesOutsideItsDirectory, /writes only inside its directory/, async (harness) =>
      checkCreateConfined(harness, await observeCreate(harness, harness.normalize(spec))),
    );
    expect(failure.message).toContain('added stray.txt');
  });

  it('a schema whose output it does not accept again', async () => {
    const check = (plugin: AnyRuntimeEnvPlugin) => () => checkNormalizationIsIdempotent(loadPluginForTest(plugin), 'a text', { text: 'hello' });
    expect(check(plugins.wellBehavedPlugin)).not.toThrow();
    expect(check(plugins.normalizesIntoAnotherShape)).toThrow(/normalizing a text twice.*rejects its own output/);
  });

  it('a launch module whose hash differs from the plugin\'s, or that does not import', async () => {
    const cases = (harness: PluginHarness) => [harness.normalize(spec), harness.normalize({ spec: { text: 'other' } })];
    await checkLaunchModule(await harnessFor(plugins.withLaunchModule), cases(await harnessFor(plugins.withLaunchModule)));
    const differs = await expectOnlyBrokenFails(plugins.launchModuleHashDiffers, /its launch module stands in for it/, (harness) => checkLaunchModule(harness, cases(harness)));
    expect(differs.message).toMatch(/the launch module's hash gives \["sample:\/\/68656c6c6f"\], the plugin's hash \["sample:\/\/1\.0\.0\/68656c6c6f"\]/);
    const missing = await expectOnlyBrokenFails(plugins.launchModuleWithoutHash, /importing launchModule .*no-such-module\.mjs failed/, (harness) => checkLaunchModule(harness, cases(harness)));
    expect(missing.message).toContain("new URL('./launch-only.js', import.meta.url)");
  });

  it('a non-deterministic hash', async () => {
    await expectOnlyBrokenFails(plugins.randomHash, /hash is deterministic/, (harness) => checkHashDeterministic(harness, harness.normalize(spec)));
  });

  it('a hash that ignores the plugin version', async () => {
    await expectOnlyBrokenFails(plugins.hashIgnoresVersion, /hash covers the version/, (harness) => checkHashCoversVersion(harness, harness.normalize(spec)));
  });

  it('a hash that ignores the spec', async () => {
    await expectOnlyBrokenFails(plugins.hashIgnoresSpec, /hash tells specs apart/, (harness) =>
      checkHashDistinguishes(harness, harness.normalize(spec), harness.normalize({ spec: { text: 'other' } })),
    );
  });

  it('a non-idempotent modifyContext', async () => {
    const failure = await expectOnlyBrokenFails(plugins.appendsOnEveryModifyContext, /modifyContext is idempotent/, async (harness) => {
      const observation = await observeCreate(harness, harness.normalize(spec));
      return checkModifyContextIdempotent(harness, observation.normalized, observation.created);
    });
    expect(failure.message).toContain('"commandPrefix":["nice","nice"]');
  });

  it('a modifyContext that puts a function in the context', async () => {
    await expectOnlyBrokenFails(plugins.putsAFunctionInTheContext, /context\.pluginData\.sample\.callback is not a JSON value/, async (harness) => {
      const observation = await observeCreate(harness, harness.normalize(spec));
      return checkModifyContextIdempotent(harness, observation.normalized, observation.created);
    });
  });

  it('a reported size far from what is on disk', async () => {
    await expectOnlyBrokenFails(plugins.overstatesItsSize, /reported 52428800 bytes, but its directory holds 5 bytes/, async (harness) =>
      checkReportedSizes(harness, (await observeCreate(harness, harness.normalize(spec))).created),
    );
  });

  it('a plugin that writes to the console', async () => {
    await expectOnlyBrokenFails(plugins.writesToTheConsole, /never writes to the console.*building sample/, async (harness) =>
      checkQuietAndSecretFree(harness, await observeCreate(harness, harness.normalize(spec))),
    );
  });

  it('a plugin that logs env_vars values, without repeating the value in the failure', async () => {
    const failure = await expectOnlyBrokenFails(plugins.logsSecrets, /never logs env_vars values/, async (harness) =>
      checkQuietAndSecretFree(harness, await observeCreate(harness, harness.normalize(spec))),
    );
    expect(failure.message).not.toContain('broken-plugin-secret');
  });

  it('a create that ignores the abort signal', async () => {
    const timing = { abortAfterMs: 100, settleWithinMs: 500 };
    await expectOnlyBrokenFails(plugins.ignoresAbort, /still running 500 ms after ctx.signal fired/, (harness) =>
      checkAbortStopsPromptly(harness, harness.normalize(spec), timing).catch((error: unknown) => {
        // The well-behaved plugin finishes before any abort: that is the fixture's problem, reported as such.
        if (error instanceof ConformanceFailure && /before the abort/.test(error.message) && harness.plugin === plugins.wellBehavedPlugin) return;
        throw error;
      }),
    );
  });

  it('an abortSpec too quick to be aborted is reported as a fixture problem', async () => {
    const harness = await harnessFor(plugins.wellBehavedPlugin);
    await expect(checkAbortStopsPromptly(harness, harness.normalize(spec))).rejects.toThrow(/settled \(finished\) before the abort at 300 ms/);
  });

  it('a create that leaves a child process running', async () => {
    let leaking: PluginHarness | undefined;
    try {
      await expectOnlyBrokenFails(plugins.leavesAChildRunning, /create leaves no process running/, async (harness) => {
        if (harness.plugin !== plugins.wellBehavedPlugin) leaking = harness;
        await observeCreate(harness, harness.normalize(spec));
        checkNoProcessLeft(harness);
      });
    } finally {
      for (const group of leaking?.processGroups ?? []) process.kill(-group, 'SIGKILL');
    }
  });

  it('a delete that reports a negative number of bytes', async () => {
    await expectOnlyBrokenFails(plugins.deleteReportsNonsense, /returned -1, not a whole number/, async (harness) =>
      checkDeleteFrees(harness, await observeCreate(harness, harness.normalize(spec))),
    );
  });

  it('a hash that makes the core build the same document twice', async () => {
    await expectOnlyBrokenFails(plugins.randomHash, /(one environment per document|the second getOrCreate is cached)/, (harness) =>
      checkEndToEndThroughCore({ plugin: harness.plugin, specCase: { spec: spec.spec } }),
    );
  });

  it('a priority outside 0..100', async () => {
    await expectOnlyBrokenFails(plugins.priorityOutOfRange, /plugin shape.*priority 500/, (harness) => checkPluginShape(harness.plugin));
  });
});
