import { managerOptionsOf, openRuntimeEnvManager, type LoadedConfig, type ManagerOptions, type RuntimeEnvManager } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { loadCliConfig } from '../config/load-cli-config.js';

/** Opens the data directory's manager for one command and always closes it. */
export async function withManager<Result>(
  values: { config?: string; 'data-dir'?: string },
  io: CliIo,
  work: (manager: RuntimeEnvManager, config: LoadedConfig) => Promise<Result>,
): Promise<Result> {
  const config = await loadCliConfig(values, io);
  const manager = await openManager(config);
  try {
    return await work(manager, config);
  } finally {
    await manager.close();
  }
}

export function openManager(config: LoadedConfig, extra: Pick<ManagerOptions, 'fastPath'> = {}): Promise<RuntimeEnvManager> {
  return openRuntimeEnvManager({ ...managerOptionsOf(config), ...extra });
}
