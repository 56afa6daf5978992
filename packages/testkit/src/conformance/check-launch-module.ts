import { isDeepStrictEqual } from 'node:util';
import type { LaunchModuleHash } from '@runtime-env/plugin-api';
import { ConformanceFailure } from './conformance-failure.js';
import type { NormalizedCase, PluginHarness } from './plugin-harness.js';

/**
 * A package's `"./launch"` export stands in for its plugin in processes that load
 * no plugin (a cached `rtenv run`): it must import, export `launch` (and the plugin
 * must have a `launch` hook for it to stand in for), and, when it exports `hash`,
 * give the plugin's own keys for each spec (or undefined, "ask the plugin"), called
 * with the options after a JSON round trip as the core hands them over.
 */
export async function checkLaunchModule(harness: PluginHarness, launchModule: string, cases: readonly NormalizedCase[]): Promise<void> {
  const { plugin } = harness;
  const promise = 'its "./launch" export stands in for it';
  let exported: { launch?: unknown; hash?: unknown };
  try {
    exported = (await import(launchModule)) as typeof exported;
  } catch (error) {
    throw new ConformanceFailure(
      plugin.name,
      promise,
      `importing ${launchModule} failed: ${error instanceof Error ? error.message : String(error)}`,
      'build the package, or fix the "./launch" entry of its "exports"',
    );
  }
  if (typeof exported.launch !== 'function') throw new ConformanceFailure(plugin.name, promise, `${launchModule} exports no launch function`);
  if (!plugin.launch)
    throw new ConformanceFailure(plugin.name, promise, 'the package exports "./launch" but the plugin has no launch hook for it to stand in for');
  if (exported.hash === undefined) return;
  if (typeof exported.hash !== 'function') throw new ConformanceFailure(plugin.name, promise, `${launchModule} exports a "hash" that is not a function`);
  const hash = exported.hash as LaunchModuleHash;
  const options = harness.underTest.options === undefined ? undefined : (JSON.parse(JSON.stringify(harness.underTest.options)) as unknown);
  for (const normalized of cases) {
    const expected = (await harness.hashResult(normalized)).keys;
    const light = await hash(JSON.parse(JSON.stringify(normalized.spec)) as unknown, { ...harness.baseContext(), options, field: plugin.name });
    if (light !== undefined && !isDeepStrictEqual([...light.keys], [...expected])) {
      throw new ConformanceFailure(
        plugin.name,
        promise,
        `for spec ${JSON.stringify(normalized.spec)} the launch module's hash gives keys ${JSON.stringify(light.keys)}, the plugin's hash ${JSON.stringify(expected)}`,
        'compute the keys exactly as the plugin does, or return undefined when the module cannot tell',
      );
    }
  }
}
