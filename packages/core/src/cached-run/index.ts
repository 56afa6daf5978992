// The light entry `@runtime-env/core/cached-run`: serving a cached environment
// without plugins or zod (better-sqlite3 and Node built-ins only).
export {
  acquireCachedEnvironment,
  type CachedEnvironment,
  type CachedEnvironmentMiss,
  type CachedEnvironmentRequest,
  type CachedLauncher,
  type CachedRecheck,
} from './acquire-cached-environment.js';
export { pluginDirectoryOf, silentPluginLogger } from './launcher-hook-support.js';
export { launchProcess, commandLineOf } from '../launch-context/launch-process.js';
export { resolveDataDirectory, type DataDirectorySources } from '../config/data-directory.js';
export type { LaunchContext } from '@runtime-env/plugin-api';
export type { DocumentMemoLaunchModule, DocumentMemoRecheck } from '../engine/document-memo/document-memo-store.js';
export type { HashResult, LaunchHook, LaunchIo, LaunchModuleHash, LaunchRequest, LaunchResult, PluginHookContext, PluginIdentity, PluginLogger } from '@runtime-env/plugin-api';
// The core's URI form, so a light process compares the URIs it re-checks with the recorded ones.
export { pluginUri } from '@runtime-env/plugin-api';
