import { openRuntimeEnvManager } from '@runtime-env/core';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';

/**
 * Fills a fresh data directory with `count` env_vars environments through the engine
 * directly (creating them over HTTP would take longer than the measurements), owned
 * by 50 owners; returns the seconds it took. env_vars makes no URIs, so the identity
 * given here does not change the environments' ids.
 */
export async function seedEnvironments(dataDirectory: string, count: number): Promise<number> {
  const started = performance.now();
  const seeder = await openRuntimeEnvManager({
    dataDirectory,
    plugins: [{ plugin: envVarsPlugin, options: {}, source: 'inline', identity: { name: '@runtime-env/plugin-env-vars', version: 'bench' } }],
  });
  for (let index = 0; index < count; index += 1) {
    await seeder.getOrCreate({ env_vars: { INDEX: String(index), GROUP: `g${index % 7}` } }, { owner: `seed-${index % 50}` });
  }
  await seeder.close();
  return (performance.now() - started) / 1000;
}
