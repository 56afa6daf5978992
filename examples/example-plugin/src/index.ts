export { filesPlugin, filesPlugin as default } from './files-plugin.js';
export { filesSchema, filesOptionsSchema, type FilesSpec } from './files-spec.js';
