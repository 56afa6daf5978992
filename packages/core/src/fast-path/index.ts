// The light entry `@runtime-env/core/fast-path`: serving a recorded document
// without the state database, plugins or zod (Node built-ins only).
export {
  acquireFastPathEnvironment,
  type FastPathEnvironment,
  type FastPathLauncherRequest,
  type FastPathMiss,
  type FastPathRecheckRequest,
  type FastPathRequest,
} from './acquire-fast-path-environment.js';
export { pluginDirectoryOf, silentPluginLogger } from './launcher-hook-support.js';
export { launchProcess, commandLineOf } from '@runtime-env/plugin-api';
export { locateConfig, CONFIG_FILE_NAME, type ConfigLocation, type ConfigLocationOptions } from '../config/config-location.js';
// The checks of the files a light path trusts (`rtenv pack` records its own; see the CLI's fast path).
export { changedLoadedFile, loadedFileOf, type LoadedFile } from './loaded-file.js';
export type { FastPathLauncher, FastPathRecheck } from './fast-path-store.js';
export type { LaunchContext } from '@runtime-env/plugin-api';
export type {
  HashResult,
  LaunchHook,
  LaunchIo,
  LaunchModuleHash,
  LaunchRequest,
  LaunchResult,
  PluginHookContext,
  PluginIdentity,
  PluginLogger,
} from '@runtime-env/plugin-api';
// The core's URI form, so a light process compares the URIs it re-checks with the recorded ones.
export { pluginUri } from '@runtime-env/plugin-api';
