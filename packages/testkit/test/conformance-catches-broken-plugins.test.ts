import { describe, expect, it } from 'vitest';
import type { AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';
import {
  checkAbortStopsPromptly,
  checkCreateConfined,
  checkDeleteFrees,
  checkEndToEnd,
  checkHashDeterministic,
  checkHashDistinguishes,
  checkHashPurity,
  checkLaunchModule,
  checkModifyContextIdempotent,
  checkNormalizationIsIdempotent,
  checkNoProcessLeft,
  checkPluginShape,
  checkQuietAndSecretFree,
  checkReportedSizes,
  ConformanceFailure,
  makeTemporaryDataDirectory,
  observeCreate,
  openPluginHarness,
  pluginUnderTest,
  type PluginHarness,
} from '../src/index.js';
import * as plugins from './fixtures/broken-plugins.js';

const spec = { spec: { text: 'hello' }, runtimeEnv: { env_vars: { TOKEN: 'broken-plugin-secret' } } };

const identity = { name: '@example/sample-plugin', version: '1.0.0' };
const underTest = (plugin: AnyRuntimeEnvPlugin) => pluginUnderTest(plugin, undefined, identity);

async function harnessFor(plugin: AnyRuntimeEnvPlugin): Promise<PluginHarness> {
  const directory = await makeTemporaryDataDirectory();
  return openPluginHarness(underTest(plugin), directory.path);
}

/** Runs `check` on the well-behaved plugin (it must pass) and on the broken one (it must fail naming `promise`). */
async function expectOnlyBrokenFails(
  broken: AnyRuntimeEnvPlugin,
  promise: RegExp,
  check: (harness: PluginHarness) => Promise<unknown> | unknown,
): Promise<ConformanceFailure> {
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
    const check = (plugin: AnyRuntimeEnvPlugin) => () => checkNormalizationIsIdempotent(underTest(plugin), 'a text', { text: 'hello' });
    expect(check(plugins.wellBehavedPlugin)).not.toThrow();
    expect(check(plugins.normalizesIntoAnotherShape)).toThrow(/normalizing a text twice.*rejects its own output/);
  });

  it('a "./launch" export whose hash differs from the plugin\'s, that does not import, or whose plugin has no launch hook', async () => {
    const cases = (harness: PluginHarness) => [harness.normalize(spec), harness.normalize({ spec: { text: 'other' } })];
    const good = await harnessFor(plugins.withLaunch);
    await checkLaunchModule(good, plugins.sampleLaunchModule, cases(good));
    const differs = await harnessFor(plugins.withLaunch);
    await expect(checkLaunchModule(differs, plugins.wrongHashLaunchModule, cases(differs))).rejects.toThrow(
      /"\.\/launch" export stands in for it.*the launch module's hash gives keys \["text-hello"\], the plugin's hash \["68656c6c6f"\]/,
    );
    const missing = await harnessFor(plugins.withLaunch);
    await expect(checkLaunchModule(missing, plugins.missingLaunchModule, cases(missing))).rejects.toThrow(/importing .*no-such-module\.mjs failed/);
    const noHook = await harnessFor(plugins.wellBehavedPlugin);
    await expect(checkLaunchModule(noHook, plugins.sampleLaunchModule, cases(noHook))).rejects.toThrow(/the plugin has no launch hook/);
  });

  it('a non-deterministic hash', async () => {
    await expectOnlyBrokenFails(plugins.randomHash, /hash is deterministic/, (harness) => checkHashDeterministic(harness, harness.normalize(spec)));
  });

  it('a hash that says its keys come from the spec alone when they do not', async () => {
    await expectOnlyBrokenFails(plugins.hashClaimsPurityFalsely, /fromSpecAlone is truthful/, (harness) => checkHashPurity(harness, harness.normalize(spec)));
  });

  it('a create that returns a bare number (apiVersion 1)', async () => {
    await expectOnlyBrokenFails(plugins.createReturnsANumber, /create returns a CreateResult.*returned 5/, async (harness) =>
      observeCreate(harness, harness.normalize(spec)),
    );
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

  it('end to end: a context in which no process starts', async () => {
    const unlaunchable = {
      ...plugins.wellBehavedPlugin,
      modifyContext: (_spec: unknown, { context }: { context: { workingDirectory?: string } }) => void (context.workingDirectory = '/no/such/folder'),
    } as AnyRuntimeEnvPlugin;
    await expectOnlyBrokenFails(unlaunchable, /a process runs in the environment it made|ENOENT/, async (harness) => {
      const directory = await makeTemporaryDataDirectory();
      await checkEndToEnd({ underTest: underTest(harness.plugin), specCase: spec, command: ['sh', '-c', 'exit 0'], dataDirectory: directory.path }).catch(
        (error: unknown) => {
          throw error instanceof ConformanceFailure ? error : new ConformanceFailure('sample', 'a process runs in the environment it made', String(error));
        },
      );
    });
  });

  it('end to end: a command that fails in the environment is reported with its output', async () => {
    const directory = await makeTemporaryDataDirectory();
    const run = (command: string[]) =>
      checkEndToEnd({ underTest: underTest(plugins.wellBehavedPlugin), specCase: spec, command, dataDirectory: directory.path });
    await run(['sh', '-c', 'test "$SAMPLE" = hello']);
    await expect(run(['sh', '-c', 'echo "sample is $SAMPLE"; exit 4'])).rejects.toThrow(/ended with \{"exitCode":4,"signal":null\}: sample is hello/);
  });

  it('a priority outside 0..100', async () => {
    await expectOnlyBrokenFails(plugins.priorityOutOfRange, /plugin shape.*priority 500/, (harness) => checkPluginShape(harness.plugin));
  });
});
