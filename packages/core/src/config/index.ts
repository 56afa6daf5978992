export * from './config-schema.js';
export * from './byte-size.js';
export * from './data-directory.js';
export * from './config-location.js';
export * from './plugin-package.js';
export * from './load-plugins.js';
export * from './load-config.js';
export * from './config-json-schema.js';
