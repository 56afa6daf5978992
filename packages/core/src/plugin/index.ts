// The entry plugin authors import: `@runtime-env/core/plugin`.
export * from './plugin-contract.js';
export * from './define-plugin.js';
export type { JsonObject, JsonValue } from './json.js';
export { emptyLaunchContext, prependToPathList, type LaunchContext } from '../launch-context/launch-context.js';
export { expandVariables } from '../launch-context/expand-variables.js';
export { SetupFailure } from '../errors/setup-failure.js';
export { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
export { resolveLocalPath } from '../document/local-path-base.js';
export { RuntimeEnvError, type FailureClass } from '../errors/runtime-env-error.js';
export { editDistance } from '../document/edit-distance.js';
export { DocumentLimitError, type DocumentLimit } from '../errors/document-limit-error.js';
export { checkDocumentDepth, checkDocumentSize, MAXIMUM_DOCUMENT_BYTES, MAXIMUM_DOCUMENT_DEPTH } from '../document/document-limits.js';
export { currentProcessIdentity, isProcessAlive, type ProcessIdentity } from '../engine/process-identity.js';
// Light, so the CLI's error and progress output can mask without loading the engine.
export { MASK, createMasker, maskUrlCredentials, maskUrlCredentialsIn } from '../engine/secret-masking.js';
