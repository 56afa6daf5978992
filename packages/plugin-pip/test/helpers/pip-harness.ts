import { makeTemporaryDataDirectory, openPluginHarness, type PluginHarness, type SpecCase } from '@runtime-env/testkit';
import { loadPluginForTest } from '@runtime-env/engine-test-support';
import { pipPlugin } from '../../src/index.js';

export interface PipHarness extends PluginHarness {
  /** Normalizes, hashes and creates in one go. */
  build(specCase: SpecCase, signal?: AbortSignal): Promise<{ uri: string; directory: string; result: Awaited<ReturnType<PluginHarness['create']>>['result'] }>;
}

/**
 * The plugin's hooks called directly, on a temporary data directory removed after
 * the test, or on `dataDirectory` (to open it again with other options).
 */
export async function openPipHarness(options: Record<string, unknown> = {}, dataDirectory?: string): Promise<PipHarness> {
  const data = dataDirectory ?? (await makeTemporaryDataDirectory('plugin-pip-')).path;
  const harness = await openPluginHarness(loadPluginForTest(pipPlugin, options), data);
  return Object.assign(harness, {
    async build(specCase: SpecCase, signal?: AbortSignal) {
      const normalized = harness.normalize(specCase);
      const [uri] = await harness.hash(normalized);
      const created = await harness.create(uri as string, normalized, signal);
      return { uri: uri as string, directory: created.directory, result: created.result };
    },
  });
}
