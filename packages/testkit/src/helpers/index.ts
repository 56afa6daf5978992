export { makeTemporaryDataDirectory, type TemporaryDirectory } from './temporary-data-directory.js';
export { cleanUpAfterCurrentTest } from './register-cleanup.js';
