export * from './conformance/index.js';
export * from './wheels/index.js';
export * from './python-index/index.js';
export * from './docker/index.js';
export * from './conda-channel/index.js';
export * from './servers/index.js';
export * from './helpers/index.js';
