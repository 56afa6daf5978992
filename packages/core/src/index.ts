export * from './plugin/index.js';
export * from './errors/index.js';
export * from './launch-context/launch-context.js';
export * from './engine/manager-types.js';
export * from './document/index.js';
export * from './config/index.js';
