export * from './build-wheel.js';
export * from './python-names.js';
export { createZipArchive, type ZipEntry } from '../archives/zip-archive.js';
