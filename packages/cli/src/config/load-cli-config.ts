import { loadConfig, type LoadedConfig } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { loadInstalledFirstPartyPlugins } from './first-party-plugins.js';
import { cliPackageDirectory } from './plugin-resolution.js';

/** The config every command uses: `--config`/`--data-dir` flags over the environment over the file. */
export function loadCliConfig(values: { config?: string; 'data-dir'?: string }, io: CliIo): Promise<LoadedConfig> {
  return loadConfig({
    configPath: values.config,
    dataDirectoryFlag: values['data-dir'],
    cwd: io.cwd,
    env: io.env,
    defaultPlugins: () => loadInstalledFirstPartyPlugins(),
    fallbackSearchDirectories: [cliPackageDirectory],
  });
}
