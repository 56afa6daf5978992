import type { AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';
import { makeTemporaryDataDirectory, type TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { resolveAfterSetup, type AlongsidePlugin, type PluginConformanceSpec, type SpecCase } from './conformance-spec.js';
import { packageUnderTest, type PackageUnderTest } from './package-under-test.js';
import { openPluginHarness, pluginUnderTest, type NormalizedCase, type PluginHarness, type PluginUnderTest } from './plugin-harness.js';

type SpecCaseName = 'createSpec' | 'otherSpec' | 'abortSpec';

/** What the groups of one suite share; everything that depends on `setup` is read lazily. */
export interface SuiteState {
  readonly spec: PluginConformanceSpec;
  readonly plugin: AnyRuntimeEnvPlugin;
  /** The package the suite runs in: the plugin's identity and its `"./launch"` export. */
  readonly packageUnderTest: PackageUnderTest;
  loaded(): PluginUnderTest;
  /** A plugin of `spec.alongside`, with its options parsed, under the suite's package identity. */
  alongside(entry: AlongsidePlugin): PluginUnderTest;
  specCase(name: SpecCaseName): SpecCase;
  normalized(harness: PluginHarness, name: SpecCaseName): NormalizedCase;
  /** A harness on a fresh data directory; remove the directory when the group ends. */
  openHarness(): Promise<{ harness: PluginHarness; directory: TemporaryDirectory }>;
}

export function createSuiteState(spec: PluginConformanceSpec, plugin: AnyRuntimeEnvPlugin): SuiteState {
  let loaded: PluginUnderTest | undefined;
  const ownPackage = packageUnderTest();
  const state: SuiteState = {
    spec,
    plugin,
    packageUnderTest: ownPackage,
    loaded: () => (loaded ??= pluginUnderTest(plugin, resolveAfterSetup(spec.options), ownPackage.identity)),
    alongside: (entry) =>
      'plugin' in entry ? pluginUnderTest(entry.plugin, entry.options, ownPackage.identity) : pluginUnderTest(entry, undefined, ownPackage.identity),
    specCase(name) {
      const given = spec[name];
      if (given === undefined) throw new Error(`the conformance spec of "${plugin.name}" has no ${name}`);
      return resolveAfterSetup(given);
    },
    normalized: (harness, name) => harness.normalize(state.specCase(name)),
    async openHarness() {
      const directory = await makeTemporaryDataDirectory(`runtime-env-conformance-${plugin.name}-`);
      return { harness: await openPluginHarness(state.loaded(), directory.path), directory };
    },
  };
  return state;
}
