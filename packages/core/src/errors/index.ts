export * from './runtime-env-error.js';
export * from './validation-error.js';
export * from './setup-failure.js';
export * from './plugin-error.js';
export * from './setup-timeout-error.js';
export * from './config-error.js';
export * from './environment-errors.js';
export * from './document-limit-error.js';
