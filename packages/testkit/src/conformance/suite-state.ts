import type { AnyRuntimeEnvPlugin, LoadedPlugin } from '@runtime-env/core';
import { loadPluginForTest } from '../helpers/load-plugin-for-test.js';
import { makeTemporaryDataDirectory, type TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { resolveAfterSetup, type PluginConformanceSpec, type SpecCase } from './conformance-spec.js';
import { openPluginHarness, type NormalizedCase, type PluginHarness } from './plugin-harness.js';

type SpecCaseName = 'createSpec' | 'otherSpec' | 'abortSpec';

/** What the groups of one suite share; everything that depends on `setup` is read lazily. */
export interface SuiteState {
  readonly spec: PluginConformanceSpec;
  readonly plugin: AnyRuntimeEnvPlugin;
  loaded(): LoadedPlugin;
  specCase(name: SpecCaseName): SpecCase;
  normalized(harness: PluginHarness, name: SpecCaseName): NormalizedCase;
  /** A harness on a fresh data directory; remove the directory when the group ends. */
  openHarness(): Promise<{ harness: PluginHarness; directory: TemporaryDirectory }>;
}

export function createSuiteState(spec: PluginConformanceSpec, plugin: AnyRuntimeEnvPlugin): SuiteState {
  let loaded: LoadedPlugin | undefined;
  const state: SuiteState = {
    spec,
    plugin,
    loaded: () => (loaded ??= loadPluginForTest(plugin, resolveAfterSetup(spec.options))),
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
