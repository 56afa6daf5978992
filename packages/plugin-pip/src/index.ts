export { pipPlugin, pipPlugin as default } from './pip-plugin.js';
export { pipSpecSchema, type PipSpec } from './pip-spec-schema.js';
export { pipOptionsSchema, type PipOptions } from './pip-options.js';
export { formatLockAsRequirements } from './installation-lock.js';
