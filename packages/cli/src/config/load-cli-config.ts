import { loadConfig, type LoadedConfig } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { firstPartyPluginPackages, loadInstalledFirstPartyPlugins } from './first-party-plugins.js';
import { cliPackageDirectory } from './plugin-resolution.js';

/**
 * The config every command uses: `--config`/`--data-dir` flags over the environment
 * over the file. `onlyPlugins` loads just those plugin packages, for a command that
 * needs one plugin's options and none of the others' code.
 */
export function loadCliConfig(values: { config?: string; 'data-dir'?: string }, io: CliIo, onlyPlugins?: readonly string[]): Promise<LoadedConfig> {
  const defaults = onlyPlugins ? firstPartyPluginPackages.filter((name) => onlyPlugins.includes(name)) : firstPartyPluginPackages;
  return loadConfig({
    configPath: values.config,
    dataDirectoryFlag: values['data-dir'],
    cwd: io.cwd,
    env: io.env,
    defaultPlugins: () => loadInstalledFirstPartyPlugins(defaults),
    fallbackSearchDirectories: [cliPackageDirectory],
    ...(onlyPlugins ? { onlyPlugins } : {}),
  });
}
