import type { Budgets, ManagerOptions, RuntimeEnvManager } from '@runtime-env/core';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { loadPluginEntries, type PluginEntry } from './load-plugin-for-test.js';
import { cleanUpAfterCurrentTest, makeTemporaryDataDirectory } from '@runtime-env/testkit';

export interface TestManagerOptions {
  /** Plugins, bare or as `{ plugin, options }` with raw options (parsed by each plugin's schema). */
  plugins: readonly PluginEntry[];
  /** Raw options of bare plugins, keyed by plugin name. */
  options?: Readonly<Record<string, unknown>>;
  budgets?: Budgets;
  /** Reuse a data directory (to test a restart); a fresh temporary one when absent. */
  dataDirectory?: string;
  /** Any other manager option (retries, failure TTL, a log sink...). */
  manager?: Partial<Omit<ManagerOptions, 'dataDirectory' | 'plugins' | 'budgets'>>;
}

/**
 * A real core (`openRuntimeEnvManager`) on a temporary data directory. Opened inside
 * a test it is closed, and its directory removed, when the test finishes; opened in
 * `beforeAll`, call `close()` in `afterAll`. `close()` may be called more than once.
 */
export async function openTestManager(options: TestManagerOptions): Promise<RuntimeEnvManager> {
  const temporary = options.dataDirectory === undefined ? await makeTemporaryDataDirectory('runtime-env-manager-') : undefined;
  const manager = await openRuntimeEnvManager({
    ...options.manager,
    dataDirectory: options.dataDirectory ?? temporary!.path,
    plugins: loadPluginEntries(options.plugins, options.options),
    ...(options.budgets ? { budgets: options.budgets } : {}),
  });
  let closing: Promise<void> | undefined;
  const closeOnce = (): Promise<void> => {
    closing ??= manager.close().then(() => temporary?.remove());
    return closing;
  };
  cleanUpAfterCurrentTest(closeOnce);
  return new Proxy(manager, {
    get(target, property) {
      if (property === 'close') return closeOnce;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
