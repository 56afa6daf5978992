import { isDeepStrictEqual } from 'node:util';
import { ConformanceFailure } from './conformance-failure.js';
import type { NormalizedCase, PluginHarness } from './plugin-harness.js';

/**
 * A plugin's `launchModule` stands in for it in processes that load no plugin
 * (a cached `rtenv run`): it must import, export `launch`, and, when the plugin
 * sets `launchModuleHashes`, export a `hash` that gives the plugin's own URIs for
 * each spec (or undefined, "ask the plugin"), called with the options after a JSON
 * round trip as the core hands them over. Nothing to check without a module.
 */
export async function checkLaunchModule(harness: PluginHarness, cases: readonly NormalizedCase[]): Promise<void> {
  const { plugin } = harness;
  if (plugin.launchModule === undefined) return;
  const promise = 'its launch module stands in for it';
  let exported: { launch?: unknown; hash?: unknown };
  try {
    exported = (await import(plugin.launchModule)) as typeof exported;
  } catch (error) {
    throw new ConformanceFailure(plugin.name, promise, `importing launchModule ${plugin.launchModule} failed: ${error instanceof Error ? error.message : String(error)}`, "point it at a module beside the plugin: new URL('./launch-only.js', import.meta.url).href");
  }
  if (typeof exported.launch !== 'function') throw new ConformanceFailure(plugin.name, promise, `${plugin.launchModule} exports no launch function`);
  if (plugin.launchModuleHashes !== true) return;
  if (typeof exported.hash !== 'function') throw new ConformanceFailure(plugin.name, promise, `launchModuleHashes is true but ${plugin.launchModule} exports no hash function`);
  const hash = exported.hash as (field: string, spec: unknown, ctx: object) => Promise<readonly string[] | undefined>;
  const options = harness.loaded.options === undefined ? undefined : (JSON.parse(JSON.stringify(harness.loaded.options)) as unknown);
  for (const normalized of cases) {
    const expected = await harness.hash(normalized);
    const context = { pluginDirectory: harness.pluginDirectory, dataDirectory: harness.dataDirectory, logger: harness.logger, options, signal: new AbortController().signal, pluginVersion: plugin.version };
    const light = await hash(plugin.name, JSON.parse(JSON.stringify(normalized.spec)) as unknown, context);
    if (light !== undefined && !isDeepStrictEqual([...light], expected)) {
      throw new ConformanceFailure(
        plugin.name,
        promise,
        `for spec ${JSON.stringify(normalized.spec)} the launch module's hash gives ${JSON.stringify(light)}, the plugin's hash ${JSON.stringify(expected)}`,
        'compute the URIs exactly as the plugin does, or return undefined when the module cannot tell',
      );
    }
  }
}
