// `@runtime-env/plugin-api`: everything a plugin author imports, and nothing of the
// engine (no SQLite, no config loader). The core implements this contract.
export * from './contract/plugin-contract.js';
export * from './contract/define-plugin.js';
export * from './contract/run-process.js';
export * from './contract/plugin-uri.js';
export { checkPluginShape, MIGRATION_GUIDE } from './contract/check-plugin-shape.js';
export type { JsonObject, JsonValue } from './contract/json.js';
export * from './errors/index.js';
export { emptyLaunchContext, prependToPathList, type LaunchContext } from './launch-context/launch-context.js';
export { expandVariables } from './launch-context/expand-variables.js';
export { buildChildEnvironment, commandLineOf } from './launch-context/child-environment.js';
// Here, not in the engine: a client runs the command in the context an agent returned.
export { launchProcess, signalNamedBy } from './launch-context/launch-process.js';
export { resolveLocalPath, withLocalPathBase } from './local-paths/local-path-base.js';
export { measureDirectorySize, type DirectorySize } from './disk/directory-size.js';
export { formatAge, formatBytes, formatDuration } from './format/human-units.js';
export { isProcessGroupGone, signalProcessGroup, terminateProcessGroup, TERMINATION_GRACE_MS } from './process/process-group.js';
export { currentProcessIdentity, identityOf, isProcessAlive, processStartTime, type ProcessIdentity } from './process/process-identity.js';
export { runCapturedProcess, type CapturedProcessHost } from './process/run-captured-process.js';
