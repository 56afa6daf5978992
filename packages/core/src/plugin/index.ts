// `@runtime-env/core/plugin`: the plugin contract (now its own package,
// `@runtime-env/plugin-api`, which plugins should import), plus light helpers the
// CLI uses without loading the engine.
//
// Named, not `export *`: esbuild's code splitting drops a star re-export of an
// external package from all but one entry, and this entry would export nothing of it.
export type * from '@runtime-env/plugin-api';
export {
  CancelledError,
  ConfigError,
  DocumentLimitError,
  EnvironmentInUseError,
  EnvironmentNotFoundError,
  PLUGIN_API_VERSION,
  PluginError,
  ReplayedFailureError,
  RuntimeEnvError,
  SetupFailure,
  SetupTimeoutError,
  TERMINATION_GRACE_MS,
  ValidationError,
  buildChildEnvironment,
  checkPluginShape,
  commandLineOf,
  keyProblem,
  MIGRATION_GUIDE,
  pluginUri,
  currentProcessIdentity,
  definePlugin,
  emptyLaunchContext,
  expandVariables,
  formatAge,
  formatBytes,
  formatDuration,
  identityOf,
  isProcessAlive,
  isProcessGroupGone,
  launchProcess,
  measureDirectorySize,
  prependToPathList,
  processStartTime,
  resolveLocalPath,
  runCapturedProcess,
  signalNamedBy,
  signalProcessGroup,
  terminateProcessGroup,
  withLocalPathBase,
} from '@runtime-env/plugin-api';
export { editDistance } from '../document/edit-distance.js';
export { checkDocumentDepth, checkDocumentSize, MAXIMUM_DOCUMENT_BYTES, MAXIMUM_DOCUMENT_DEPTH } from '../document/document-limits.js';
// Light, so the CLI's error and progress output can mask without loading the engine.
export { MASK, createMasker, maskUrlCredentials, maskUrlCredentialsIn } from '../engine/logging/secret-masking.js';
