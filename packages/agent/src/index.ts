export * from './agent-server.js';
export * from './agent-server-options.js';
export * from './logging/json-line-logger.js';
export { redactSecrets } from './logging/redact-secrets.js';
export { isLoopbackHost } from './auth/loopback-address.js';
