export * from './canonical-json.js';
export * from './environment-id.js';
export * from './runtime-env-config.js';
export * from './validate-runtime-env.js';
export * from './merge-runtime-envs.js';
export * from './format-issue-path.js';
export { CORE_FIELD, fieldOwnersOf, type FieldOwner } from './field-owners.js';
export * from './document-limits.js';
