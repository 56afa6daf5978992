export * from './plugin/index.js';
export * from '@runtime-env/plugin-api';
export * from './engine/manager-types.js';
export * from './document/index.js';
export * from './config/index.js';
export * from './engine/open-runtime-env-manager.js';
export { failureHintOf } from './engine/failures/failure-hint.js';
export { PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from './engine/store/private-files.js';
export type { LoadedFile } from './fast-path/loaded-file.js';
